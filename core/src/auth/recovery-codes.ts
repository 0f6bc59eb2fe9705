import { createHash, randomInt } from "node:crypto";

/** How many recovery codes a member holds. */
export const RECOVERY_CODE_COUNT = 10;

// Crockford's base32 alphabet, lower-cased: 32 symbols (5 bits each) without i, l, o and u, so
// 12 of them carry 60 bits, and the look-alikes people type instead are mapped back on input.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const GROUPS = 3;
const GROUP_LENGTH = 4;

/**
 * Ten new single-use recovery codes like `k7mq-x2pa-9rtd`: 12 characters from 32 (5 bits each),
 * so 60 bits per code, drawn without bias.
 */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () =>
    Array.from({ length: GROUPS }, () =>
      Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
    ).join("-"),
  );
}

/** A recovery code as typed: lower-cased, without spaces or hyphens, o read as 0 and i or l as 1. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "").replace(/o/g, "0").replace(/[il]/g, "1");
}

/** Whether text looks like a recovery code (12 characters of the alphabet, once normalized). */
export function isRecoveryCodeShape(code: string): boolean {
  const normalized = normalizeRecoveryCode(code);
  return normalized.length === GROUPS * GROUP_LENGTH && [...normalized].every((c) => ALPHABET.includes(c));
}

/**
 * The stored form of a recovery code: SHA-256 of the normalized code, hex. A fast hash is enough
 * here (unlike passwords): 60 random bits cannot be guessed offline in useful time.
 */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}
