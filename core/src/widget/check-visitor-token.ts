import { timingSafeEqual } from "node:crypto";
import { AppError } from "../errors/app-error";
import { assertTokenKey, computeTokenMac } from "./sign-visitor-token";
import {
  type TVisitorTokenClaims,
  VISITOR_TOKEN_MAX_LENGTH,
  VISITOR_TOKEN_VERSION,
  ZVisitorTokenPayload,
} from "./visitor-token-claims";

/** How far in the future a token's issue time may lie, for clocks that disagree a little. */
export const VISITOR_TOKEN_CLOCK_SKEW_MS = 60_000;

/** What a token must be bound to, and the time to judge it at (injectable for tests). */
export type TVisitorTokenExpectation = { siteId: string; origin: string; now: Date };

/** Why a token was refused: for logs and tests only, never for the visitor. */
export type TVisitorTokenProblem =
  | "malformed"
  | "bad_signature"
  | "wrong_site"
  | "wrong_origin"
  | "expired"
  | "issued_in_future";

/** The outcome of checking a visitor token. */
export type TVisitorTokenCheck =
  | { ok: true; claims: TVisitorTokenClaims }
  | { ok: false; problem: TVisitorTokenProblem };

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAC_LENGTH = 32;

/**
 * Checks a visitor token without throwing: the MAC (constant time), then the site and origin
 * (exact match; pass the origin normalized, as it was when the token was issued), then expiry,
 * then that it was not issued more than 60 s in the future.
 */
export function checkVisitorToken(
  key: Uint8Array,
  token: string,
  expected: TVisitorTokenExpectation,
): TVisitorTokenCheck {
  assertTokenKey(key);
  if (typeof token !== "string" || token.length > VISITOR_TOKEN_MAX_LENGTH) return refuse("malformed");
  const parts = token.split(".");
  const [version, payload, mac] = parts;
  if (parts.length !== 3 || version !== VISITOR_TOKEN_VERSION || !payload || !mac) return refuse("malformed");
  if (!BASE64URL.test(payload) || !BASE64URL.test(mac)) return refuse("malformed");

  const given = Buffer.from(mac, "base64url");
  const wanted = computeTokenMac(key, `${version}.${payload}`);
  // Length first: timingSafeEqual throws on unequal lengths, and a MAC's length is no secret.
  if (given.length !== MAC_LENGTH || !timingSafeEqual(given, wanted)) return refuse("bad_signature");

  const claims = decodePayload(payload);
  if (claims === null) return refuse("malformed");
  if (claims.siteId !== expected.siteId) return refuse("wrong_site");
  if (claims.origin !== expected.origin) return refuse("wrong_origin");
  const now = expected.now.getTime();
  if (now >= claims.expiresAt.getTime()) return refuse("expired");
  if (claims.issuedAt.getTime() > now + VISITOR_TOKEN_CLOCK_SKEW_MS) return refuse("issued_in_future");
  return { ok: true, claims };
}

/**
 * Checks a visitor token and returns its claims, or throws AppError `auth.required` with one
 * generic message whatever the reason (the reason would help an attacker more than a visitor).
 */
export function verifyVisitorToken(
  key: Uint8Array,
  token: string,
  expected: TVisitorTokenExpectation,
): TVisitorTokenClaims {
  const result = checkVisitorToken(key, token, expected);
  if (!result.ok) {
    throw new AppError("auth.required", "Your chat session is not valid any more. Please reload the page.");
  }
  return result.claims;
}

function decodePayload(payload: string): TVisitorTokenClaims | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = ZVisitorTokenPayload.safeParse(json);
  if (!parsed.success) return null;
  const { issuedAt, expiresAt, ...rest } = parsed.data;
  return { ...rest, issuedAt: new Date(issuedAt), expiresAt: new Date(expiresAt) };
}

function refuse(problem: TVisitorTokenProblem): TVisitorTokenCheck {
  return { ok: false, problem };
}
