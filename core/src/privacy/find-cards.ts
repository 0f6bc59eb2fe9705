import { findDigitRuns, joinDigits, type TDigitRun } from "./digit-runs";
import type { TSpan } from "./pii-match";
import { isStandaloneNumber } from "./token-boundaries";

/** "Card #4111…" is how people introduce a card; unlike phone numbers, "#" does not mean an id. */
const HASH_OK = { allowHashPrefix: true };

/** Card numbers are written ungrouped or in groups joined by one space (maybe non-breaking) or dash. */
const CARD_JOINERS: ReadonlySet<string> = new Set([" ", "\u00a0", "\u202f", "-"]);

/**
 * How issuers print card numbers, longest first; only these (or one ungrouped 13–19 digit group)
 * may be cut out of a longer run of digit groups, such as a card followed by its expiry year.
 */
const PRINTED_GROUPINGS: readonly (readonly number[])[] = [
  [4, 4, 4, 4, 3],
  [4, 4, 4, 4, 2],
  [4, 4, 4, 4, 1],
  [4, 4, 4, 4],
  [4, 6, 5],
  [4, 6, 4],
  [4, 4, 4, 3],
  [4, 4, 4, 2],
  [4, 4, 4, 1],
];

type TIssuerRange = { from: string; to: string; lengths: readonly number[] };

/**
 * Issuer identification number (IIN) ranges of the major networks with their card lengths. A
 * Luhn-valid number outside them (about one in ten random numbers is Luhn-valid) is taken for an
 * account, order or tracking number rather than a card.
 */
const ISSUER_RANGES: readonly TIssuerRange[] = [
  { from: "4", to: "4", lengths: [13, 16, 19] }, // Visa
  { from: "51", to: "55", lengths: [16] }, // Mastercard
  { from: "2221", to: "2720", lengths: [16] }, // Mastercard 2-series
  { from: "34", to: "34", lengths: [15] }, // American Express
  { from: "37", to: "37", lengths: [15] },
  { from: "300", to: "305", lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { from: "36", to: "36", lengths: [14, 15, 16, 17, 18, 19] },
  { from: "38", to: "39", lengths: [14, 15, 16, 17, 18, 19] },
  { from: "3528", to: "3589", lengths: [16, 17, 18, 19] }, // JCB
  { from: "6011", to: "6011", lengths: [16, 17, 18, 19] }, // Discover
  { from: "644", to: "649", lengths: [16, 17, 18, 19] },
  { from: "65", to: "65", lengths: [16, 17, 18, 19] },
  { from: "62", to: "62", lengths: [16, 17, 18, 19] }, // UnionPay
  { from: "2200", to: "2204", lengths: [16, 17, 18, 19] }, // Mir
  { from: "50", to: "50", lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: "56", to: "69", lengths: [13, 14, 15, 16, 17, 18, 19] },
];

/**
 * Finds payment card numbers: 13 to 19 digits, ungrouped or grouped with single spaces or dashes,
 * Luhn-valid and inside a known issuer range for their length.
 */
export function findCards(text: string): TSpan[] {
  const spans: TSpan[] = [];
  for (const run of findDigitRuns(text, CARD_JOINERS)) {
    const whole = toCardSpan(text, run, 0, run.groups.length - 1);
    if (whole) {
      spans.push(whole);
      continue;
    }
    for (let from = 0; from < run.groups.length; from++) {
      const to = findPrintedCardEnd(text, run, from);
      if (to === undefined) continue;
      spans.push(spanOf(run, from, to));
      from = to;
    }
  }
  return spans;
}

/** Whether `digits` passes the Luhn (mod 10) check printed card numbers carry. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Whether a card number's prefix and length belong to a known issuer. */
export function hasKnownIssuer(digits: string): boolean {
  return ISSUER_RANGES.some((range) => {
    const prefix = digits.slice(0, range.from.length);
    return range.lengths.includes(digits.length) && prefix >= range.from && prefix <= range.to;
  });
}

/** Last group index of a valid card printed from group `from` on, if there is one. */
function findPrintedCardEnd(text: string, run: TDigitRun, from: number): number | undefined {
  const first = run.groups[from]?.digits.length ?? 0;
  if (first >= 13 && toCardSpan(text, run, from, from)) return from;
  for (const grouping of PRINTED_GROUPINGS) {
    const to = from + grouping.length - 1;
    if (to >= run.groups.length) continue;
    const fits = grouping.every((size, offset) => run.groups[from + offset]?.digits.length === size);
    if (fits && toCardSpan(text, run, from, to)) return to;
  }
  return undefined;
}

function toCardSpan(text: string, run: TDigitRun, from: number, to: number): TSpan | undefined {
  const joiners = run.joiners.slice(from, to);
  if (joiners.some((joiner) => joiner !== joiners[0])) return undefined;
  const digits = joinDigits(run, from, to);
  if (digits.length < 13 || digits.length > 19) return undefined;
  if (!hasKnownIssuer(digits) || !isLuhnValid(digits)) return undefined;
  const span = spanOf(run, from, to);
  return isStandaloneNumber(text, span.start, span.end, HASH_OK) ? span : undefined;
}

function spanOf(run: TDigitRun, from: number, to: number): TSpan {
  return { start: run.groups[from]?.start ?? 0, end: run.groups[to]?.end ?? 0 };
}
