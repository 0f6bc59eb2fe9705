import { createHash, randomBytes } from "node:crypto";

/** A new session secret: 32 random bytes, base64url. It lives only in the (encrypted) cookie. */
export function generateSessionSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What the store keeps of a session secret: SHA-256, hex. A copy of the database then holds
 * nothing that can be replayed as a cookie, and 256 random bits need no slow hash.
 */
export function hashSessionSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
