import { type CountryCode, Metadata, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { findDigitRuns, joinDigits, type TDigitRun } from "./digit-runs";
import type { TSpan } from "./pii-match";
import { isStandaloneNumber } from "./token-boundaries";

/** Separators people write inside phone numbers: "+44 (0)20 7946-0958", "030/901820", "415.555.2671". */
const PHONE_JOINERS: ReadonlySet<string> = new Set([
  " ",
  "\u00a0",
  "\u202f",
  "-",
  ".",
  "/",
  "(",
  ")",
  ") ",
  ")-",
  " (",
]);

/** E.164 numbers have at most 15 digits; an international prefix ("00", "011") adds up to 3. */
const MAX_DIGITS = 18;
const MIN_DIGITS = 7;

/** Numbers without "+" are read as US numbers when written the US way or as 10 bare digits. */
const DEFAULT_COUNTRY: CountryCode = "US";

/**
 * Countries whose national numbers are recognized without "+", but only when grouped exactly the
 * way that country prints them ("06 12 34 56 78" in France, "020 7946 0958" in the UK): that
 * grouping is what tells a phone number from an order number or a date. `trunkPrefix` is the
 * digit dialled before national numbers, which a printed number may carry.
 */
const NATIONAL_FORMATS: readonly { country: CountryCode; trunkPrefix: string }[] = [
  { country: "GB", trunkPrefix: "0" },
  { country: "IE", trunkPrefix: "0" },
  { country: "FR", trunkPrefix: "0" },
  { country: "DE", trunkPrefix: "0" },
  { country: "AT", trunkPrefix: "0" },
  { country: "CH", trunkPrefix: "0" },
  { country: "IT", trunkPrefix: "" },
  { country: "ES", trunkPrefix: "" },
  { country: "NL", trunkPrefix: "0" },
  { country: "BE", trunkPrefix: "0" },
  { country: "AU", trunkPrefix: "0" },
  { country: "JP", trunkPrefix: "0" },
  { country: "IN", trunkPrefix: "0" },
  { country: "BR", trunkPrefix: "0" },
  { country: "MX", trunkPrefix: "" },
];

/** Digit counts a printed national number of each country can have, so most candidates skip parsing. */
const NATIONAL_DIGIT_COUNTS = new Map(
  NATIONAL_FORMATS.map(({ country, trunkPrefix }) => {
    const metadata = new Metadata();
    metadata.selectNumberingPlan(country);
    const lengths = metadata.numberingPlan?.possibleLengths() ?? [];
    return [country, new Set(lengths.flatMap((length) => [length, length + trunkPrefix.length]))];
  }),
);

const NOT_AFTER_HASH = { allowHashPrefix: false };

/**
 * Finds phone numbers: international ones ("+44 20 7946 0958", "0044 …", "011 44 …") in any
 * grouping, US numbers ("(415) 555-2671", "415.555.2671", "4155552671"), and national numbers of
 * common countries written in their own format. Every candidate must be a valid number for its
 * country in libphonenumber's full metadata, not merely a possible length.
 *
 * A run of space-separated digit groups is read from its start, one number after another, and
 * then once from its end ("ref 12 415 555 2671"): never from every group in the middle, so the
 * work per run stays bounded however long the run is.
 */
export function findPhones(text: string): TSpan[] {
  const spans: TSpan[] = [];
  const cache = new Map<string, boolean>();
  for (const run of findDigitRuns(text, PHONE_JOINERS)) {
    let from = 0;
    let found = findPhoneFrom(text, run, from, cache);
    while (found) {
      spans.push(found.span);
      from = found.to + 1;
      found = findPhoneFrom(text, run, from, cache);
    }
    const last = findPhoneEndingRun(text, run, from, cache);
    if (last) spans.push(last);
  }
  return spans;
}

type TPhoneCache = Map<string, boolean>;

/** The longest phone number made of whole words starting at group `from`. */
function findPhoneFrom(
  text: string,
  run: TDigitRun,
  from: number,
  cache: TPhoneCache,
): { span: TSpan; to: number } | undefined {
  const ends: number[] = [];
  let digitCount = 0;
  for (let to = from; to < run.groups.length; to++) {
    digitCount += run.groups[to]?.digits.length ?? 0;
    if (digitCount > MAX_DIGITS) break;
    if (digitCount >= MIN_DIGITS && (to === run.groups.length - 1 || isWordBreak(run.joiners[to])))
      ends.push(to);
  }
  for (let index = ends.length - 1; index >= 0; index--) {
    const to = ends[index] ?? from;
    const span = toPhoneSpan(text, run, from, to, cache);
    if (span) return { span, to };
  }
  return undefined;
}

/** The longest phone number made of whole words ending the run and starting at `floor` or later. */
function findPhoneEndingRun(
  text: string,
  run: TDigitRun,
  floor: number,
  cache: TPhoneCache,
): TSpan | undefined {
  const to = run.groups.length - 1;
  const starts: number[] = [];
  let digitCount = 0;
  for (let from = to; from >= floor; from--) {
    digitCount += run.groups[from]?.digits.length ?? 0;
    if (digitCount > MAX_DIGITS) break;
    if (digitCount >= MIN_DIGITS && (from === floor || isWordBreak(run.joiners[from - 1]))) starts.push(from);
  }
  for (let index = starts.length - 1; index >= 0; index--) {
    const span = toPhoneSpan(text, run, starts[index] ?? to, to, cache);
    if (span) return span;
  }
  return undefined;
}

function toPhoneSpan(
  text: string,
  run: TDigitRun,
  from: number,
  to: number,
  cache: TPhoneCache,
): TSpan | undefined {
  const groups = run.groups.slice(from, to + 1);
  const joiners = run.joiners.slice(from, to);
  let start = groups[0]?.start ?? 0;
  let end = groups.at(-1)?.end ?? 0;
  const opener = text.charAt(start - 1);
  const hasPlus = opener === "+";
  if (hasPlus || opener === "(") start--;
  // "(+44) 20 7946 0958": the country code in parentheses.
  const isParenthesized = opener === "(" || (hasPlus && text.charAt(start - 1) === "(");
  if (hasPlus && isParenthesized) start--;
  const opened = (isParenthesized ? 1 : 0) + joiners.filter((joiner) => joiner.includes("(")).length;
  const closed = joiners.filter((joiner) => joiner.includes(")")).length;
  if (opened !== closed && !(opened === closed + 1 && text.charAt(end) === ")")) return undefined;
  if (opened > closed) end++;
  if (!hasPlausibleGrouping(groups.map((group) => group.digits))) return undefined;
  if (!isStandaloneNumber(text, start, skipExtension(text, end), NOT_AFTER_HASH)) return undefined;
  const digits = joinDigits(run, from, to);
  const sizes = groups.map((group) => group.digits.length);
  // Repeated numbers in one text are parsed once (libphonenumber is the costly step).
  const written = text.slice(start, end);
  const isWholeRun = from === 0 && to === run.groups.length - 1;
  const key = hasPlus ? written : `${digits}/${sizes.join(",")}/${isWholeRun}`;
  let isPhone = cache.get(key);
  if (isPhone === undefined) {
    isPhone = isPhoneNumber({ digits, sizes, hasPlus, written, isWholeRun });
    cache.set(key, isPhone);
  }
  return isPhone ? { start, end } : undefined;
}

/** Spaced single digits ("1 2 3 4 5 6 7") are counting, not dialling: allow one short group. */
function hasPlausibleGrouping(groups: string[]): boolean {
  return groups.slice(1).filter((group) => group.length === 1 && group !== "0").length <= 1;
}

type TPhoneCandidate = {
  digits: string;
  sizes: number[];
  hasPlus: boolean;
  written: string;
  isWholeRun: boolean;
};

function isPhoneNumber({ digits, sizes, hasPlus, written, isWholeRun }: TPhoneCandidate): boolean {
  if (hasPlus) return isValidInternational(written);
  if (digits.startsWith("00") && isValidInternational(`+${digits.slice(2)}`)) return true;
  if (digits.startsWith("011") && isValidInternational(`+${digits.slice(3)}`)) return true;
  if (isUsNumber(digits, sizes)) return true;
  // The national grouping is the only evidence here, and more digit groups written right after it
  // ("lottery 04 15 23 42 08 16") contradict it.
  if (!isWholeRun) return false;
  return NATIONAL_FORMATS.some(({ country }) => isNationallyFormatted(digits, sizes, country));
}

function isValidInternational(written: string): boolean {
  return parsePhoneNumberFromString(written)?.isValid() === true;
}

/** 10 bare digits (11 with the leading 1), or 3-3-4 groups such as "(415) 555-2671" or "1 415 555 2671". */
function isUsNumber(digits: string, sizes: number[]): boolean {
  const shape = sizes.join(",");
  const bare = shape === "10" || (shape === "11" && digits.startsWith("1"));
  const grouped = shape === "3,3,4" || (shape === "1,3,3,4" && digits.startsWith("1"));
  return (bare || grouped) && parsePhoneNumberFromString(digits, DEFAULT_COUNTRY)?.isValid() === true;
}

function isNationallyFormatted(digits: string, sizes: number[], country: CountryCode): boolean {
  if (!NATIONAL_DIGIT_COUNTS.get(country)?.has(digits.length)) return false;
  const phone = parsePhoneNumberFromString(digits, country);
  if (!phone?.isValid()) return false;
  const printed = phone.formatNational().match(/\d+/g) ?? [];
  return printed.join("") === digits && printed.map((group) => group.length).join(",") === sizes.join(",");
}

function isWordBreak(joiner: string | undefined): boolean {
  return joiner !== undefined && /[ \u00a0\u202f]/.test(joiner);
}

/** "415-555-2671x123": an extension glued to the number does not make it part of a word. */
function skipExtension(text: string, end: number): number {
  const marker = text.charAt(end);
  if (marker !== "x" && marker !== "X") return end;
  let index = end + 1;
  while (index < text.length && index <= end + 6 && isAsciiDigit(text.charCodeAt(index))) index++;
  return index > end + 1 ? index : end;
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
