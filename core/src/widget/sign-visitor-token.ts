import { createHmac } from "node:crypto";
import { AppError } from "../errors/app-error";
import { WIDGET_TOKEN_KEY_LENGTH } from "./derive-widget-token-key";
import { type TVisitorTokenClaims, VISITOR_TOKEN_VERSION, ZVisitorTokenClaims } from "./visitor-token-claims";

/**
 * Issues a visitor token: `v1.<base64url(JSON claims)>.<base64url(HMAC-SHA-256)>`, the MAC taken
 * over `v1.<payload>` under the key from `deriveWidgetTokenKey`. The token is signed, not
 * encrypted: it carries ids and the origin, never PII.
 *
 * @example
 * const token = signVisitorToken(key, { workspaceId, siteId, visitorId,
 *   origin: "https://shop.example.com", persistent: false, issuedAt: now, expiresAt: inOneDay });
 */
export function signVisitorToken(key: Uint8Array, claims: TVisitorTokenClaims): string {
  assertTokenKey(key);
  const parsed = ZVisitorTokenClaims.safeParse(claims);
  const isOrdered = parsed.success && parsed.data.expiresAt.getTime() > parsed.data.issuedAt.getTime();
  if (!parsed.success || !isOrdered) {
    // The hub builds claims from its own state, so a bad one is our bug, not the caller's.
    throw new AppError("internal.error", "Could not start a chat session.", {
      cause: parsed.success ? new Error("expiresAt is not after issuedAt") : parsed.error,
    });
  }
  const { issuedAt, expiresAt, ...rest } = parsed.data;
  const payload = Buffer.from(
    JSON.stringify({ ...rest, issuedAt: issuedAt.getTime(), expiresAt: expiresAt.getTime() }),
    "utf8",
  ).toString("base64url");
  const signed = `${VISITOR_TOKEN_VERSION}.${payload}`;
  return `${signed}.${computeTokenMac(key, signed).toString("base64url")}`;
}

/** The HMAC-SHA-256 of a token's signed part (version and payload). */
export function computeTokenMac(key: Uint8Array, signed: string): Buffer {
  return createHmac("sha256", key).update(signed, "utf8").digest();
}

/** Refuses keys too short to sign with: a misconfiguration, reported as such. */
export function assertTokenKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length < WIDGET_TOKEN_KEY_LENGTH) {
    throw new AppError(
      "config.invalid",
      `The widget token key must be at least ${WIDGET_TOKEN_KEY_LENGTH} bytes.`,
    );
  }
}
