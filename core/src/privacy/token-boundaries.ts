/**
 * Whether the digits at `[start, end)` stand alone rather than being part of a larger token:
 * a word ("A1234"), a dotted version or decimal ("1.2.3", "3.14"), a dashed or slashed identifier
 * ("INV-2026-0042", "12/24"), an e-mail local part or a price.
 */
export function isStandaloneNumber(
  text: string,
  start: number,
  end: number,
  options: { allowHashPrefix: boolean },
): boolean {
  const before = codePointBefore(text, start);
  if (before !== undefined) {
    if (isWordChar(before) || PRICE_OR_HANDLE.test(before)) return false;
    if (before === "#" && !options.allowHashPrefix) return false;
    const beforeJoiner = codePointBefore(text, start - before.length);
    if (beforeJoiner !== undefined && isJoinedTo(before, beforeJoiner)) return false;
  }
  const after = codePointAfter(text, end);
  if (after !== undefined) {
    if (isWordChar(after) || after === "@" || after === "%") return false;
    const afterJoiner = codePointAfter(text, end + after.length);
    if (afterJoiner !== undefined && isJoinedTo(after, afterJoiner)) return false;
  }
  return true;
}

const WORD = /^[\p{L}\p{N}\p{M}_]$/u;
/** Scripts written without spaces: "電話03-1234-5678です" holds a standalone number. */
const UNSPACED_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]$/u;
const DIGIT = /^\p{N}$/u;
const PRICE_OR_HANDLE = /^[$€£¥@]$/u;

function isWordChar(char: string): boolean {
  return WORD.test(char) && !UNSPACED_SCRIPT.test(char);
}

/** "1.5" and "1,5" continue a number; "-", "/" and "_" glue any word or number into one token. */
function isJoinedTo(joiner: string, neighbour: string): boolean {
  if (joiner === "." || joiner === ",") return DIGIT.test(neighbour);
  if (joiner === "-" || joiner === "/" || joiner === "_") return isWordChar(neighbour);
  return false;
}

/** The whole code point ending just before `index` (a surrogate pair counts as one). */
export function codePointBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text.charAt(index - 1);
}

/** The whole code point starting at `index`. */
export function codePointAfter(text: string, index: number): string | undefined {
  const codePoint = text.codePointAt(index);
  return codePoint === undefined ? undefined : String.fromCodePoint(codePoint);
}
