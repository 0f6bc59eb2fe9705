import { IBAN_LENGTHS } from "./iban-lengths";
import type { TSpan } from "./pii-match";
import { codePointBefore } from "./token-boundaries";

const ALPHANUMERIC = /^[A-Za-z0-9]$/;
const WORD_BEFORE = /^[\p{L}\p{N}\p{M}_]$/u;

/**
 * Finds IBANs: a country code, two check digits and the national account number, written compact
 * or in groups of four separated by single spaces, with the length registered for the country and
 * a valid ISO 7064 mod-97 checksum.
 */
export function findIbans(text: string): TSpan[] {
  const spans: TSpan[] = [];
  const heads = /[A-Za-z]{2}\d{2}/g;
  for (let head = heads.exec(text); head; head = heads.exec(text)) {
    const start = head.index;
    const before = codePointBefore(text, start);
    if (before !== undefined && WORD_BEFORE.test(before)) continue;
    const length = IBAN_LENGTHS[head[0].slice(0, 2).toUpperCase()];
    if (length === undefined) continue;
    const end = readCompact(text, start, length) ?? readGrouped(text, start, length);
    if (end === undefined || !isIbanChecksumValid(text.slice(start, end).replace(/ /g, ""))) continue;
    spans.push({ start, end });
    heads.lastIndex = end;
  }
  return spans;
}

/** Whether an IBAN (compact, any case) has valid check digits (mod 97 of the rearranged number is 1). */
export function isIbanChecksumValid(iban: string): boolean {
  const upper = iban.toUpperCase();
  const checkDigits = Number(upper.slice(2, 4));
  if (checkDigits < 2 || checkDigits > 98) return false;
  const rearranged = upper.slice(4) + upper.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = Number.parseInt(char, 36);
    if (Number.isNaN(value)) return false;
    remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97;
  }
  return remainder === 1;
}

/** End of `length` alphanumerics from `start` not followed by another one, or undefined. */
function readCompact(text: string, start: number, length: number): number | undefined {
  const end = start + length;
  if (end > text.length) return undefined;
  for (let index = start; index < end; index++) if (!ALPHANUMERIC.test(text.charAt(index))) return undefined;
  return ALPHANUMERIC.test(text.charAt(end)) ? undefined : end;
}

/** Same as `readCompact` for the printed form "DE89 3704 0044 0532 0130 00". */
function readGrouped(text: string, start: number, length: number): number | undefined {
  let index = start;
  for (let read = 0; read < length; read++) {
    if (read > 0 && read % 4 === 0) {
      if (text.charAt(index) !== " ") return undefined;
      index++;
    }
    if (!ALPHANUMERIC.test(text.charAt(index))) return undefined;
    index++;
  }
  return ALPHANUMERIC.test(text.charAt(index)) ? undefined : index;
}
