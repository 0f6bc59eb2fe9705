import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors/app-error";

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * The identity hash a site's backend sends with `Tawkster.identify({ email, name, userHash })`,
 * proving the email was not typed into the browser console by someone else.
 *
 * Exact rule for site developers: take the email string exactly as passed to `identify`, remove
 * leading and trailing whitespace, lower-case it (Unicode lower case; for ASCII emails simply
 * A–Z → a–z), encode it as UTF-8, compute HMAC-SHA-256 keyed with the site's identity secret (its
 * UTF-8 bytes), and send the 64-character hex digest. PHP: `hash_hmac('sha256',
 * mb_strtolower(trim($email)), $secret)`; Node: `createHmac('sha256', secret)
 * .update(email.trim().toLowerCase()).digest('hex')`. Keep the secret on the server.
 */
export function computeIdentityHash(siteSecret: string, email: string): string {
  if (typeof siteSecret !== "string" || siteSecret.length === 0) {
    throw new AppError("config.invalid", "The site has no identity verification secret.");
  }
  return createHmac("sha256", Buffer.from(siteSecret, "utf8"))
    .update(email.trim().toLowerCase(), "utf8")
    .digest("hex");
}

/**
 * Whether `userHash` is the identity hash of `email` under the site secret, compared in constant
 * time. False, never an exception, for a missing secret, a non-string, or anything but 64 hex digits.
 */
export function isIdentityHashValid(siteSecret: string, email: string, userHash: string): boolean {
  if (typeof siteSecret !== "string" || siteSecret.length === 0) return false;
  if (typeof email !== "string" || typeof userHash !== "string" || !HEX_SHA256.test(userHash)) return false;
  const wanted = Buffer.from(computeIdentityHash(siteSecret, email), "hex");
  return timingSafeEqual(Buffer.from(userHash, "hex"), wanted);
}
