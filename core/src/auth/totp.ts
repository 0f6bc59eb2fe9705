import { randomBytes, timingSafeEqual } from "node:crypto";
import { decodeBase32, encodeBase32 } from "./base32";
import { computeHotp } from "./hotp";

/** Seconds per TOTP step (RFC 6238's default, what every authenticator app uses). */
export const TOTP_PERIOD_SECONDS = 30;
/** Digits per code. */
export const TOTP_DIGITS = 6;
/** Bytes of a new secret: 160 bits, the HMAC-SHA-1 block RFC 4226 recommends. */
export const TOTP_SECRET_BYTES = 20;

/** A new TOTP secret: 20 random bytes as unpadded base32 (32 characters). */
export function generateTotpSecret(): string {
  return encodeBase32(randomBytes(TOTP_SECRET_BYTES));
}

/** The TOTP time step of an instant. */
export function totpStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The code for a base32 secret at an instant (for tests, and for a second device showing the code).
 *
 * @example computeTotp(secret, new Date()) // "492039"
 */
export function computeTotp(secret: string, now: Date): string {
  const key = decodeBase32(secret);
  if (key === null || key.length === 0) throw new TypeError("not a base32 secret");
  return computeHotp(key, totpStepAt(now), TOTP_DIGITS);
}

/** The outcome of `verifyTotp`: the step the code belongs to when it is accepted. */
export type TTotpVerification = { ok: true; step: number } | { ok: false };

/**
 * Checks a TOTP code against a base32 secret within ±`window` steps of `now` (clock drift between
 * phone and server). A code whose step is at or before `lastUsedStep` is refused, so a code seen
 * over someone's shoulder cannot be used again; the caller stores the returned step. Every
 * candidate is compared in constant time; spaces in the code are ignored.
 */
export function verifyTotp(
  secret: string,
  code: string,
  options: { now: Date; window?: number; lastUsedStep?: number | null },
): TTotpVerification {
  const key = decodeBase32(secret);
  const given = Buffer.from(code.replace(/\s/g, ""));
  if (key === null || key.length === 0 || given.length !== TOTP_DIGITS || !/^\d+$/.test(given.toString())) {
    return { ok: false };
  }
  const window = options.window ?? 1;
  const current = totpStepAt(options.now);
  let accepted: number | null = null;
  for (let step = current - window; step <= current + window; step++) {
    const expected = Buffer.from(computeHotp(key, step, TOTP_DIGITS));
    // No early exit: every step in the window is compared, matched or not.
    if (timingSafeEqual(expected, given) && accepted === null) accepted = step;
  }
  if (accepted === null) return { ok: false };
  const last = options.lastUsedStep ?? null;
  if (last !== null && accepted <= last) return { ok: false };
  return { ok: true, step: accepted };
}
