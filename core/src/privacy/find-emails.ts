import type { TSpan } from "./pii-match";
import { codePointAfter, codePointBefore } from "./token-boundaries";

const MAX_LOCAL_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;

const LOCAL_CHAR = /^[\p{L}\p{N}\p{M}._%+-]$/u;
const DOMAIN_CHAR = /^[\p{L}\p{N}\p{M}.-]$/u;
const TLD = /^(?:\p{L}[\p{L}\p{M}]{1,62}|xn--[a-z0-9-]{1,59})$/iu;

/** Asset names like "logo@2x.png" end in a file extension, which is no top-level domain. */
const FILE_EXTENSIONS = new Set(
  `png jpg jpeg gif svg webp avif bmp ico tif tiff pdf txt md csv log
   js mjs cjs ts tsx jsx css scss less html htm json map yml yaml xml`.split(/\s+/),
);

/**
 * Finds e-mail addresses (a practical RFC 5322 subset: dotted local parts with "+", "-", "_", "%",
 * internationalized domains, a top-level domain of two letters or more).
 *
 * Each "@" is expanded left and right over at most 64 and 253 characters, so the work is linear
 * in the text however it is crafted (no regex backtracking over the whole input).
 */
export function findEmails(text: string): TSpan[] {
  const spans: TSpan[] = [];
  let lastEnd = 0;
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    const start = expandLocalPart(text, at, lastEnd);
    const end = expandDomain(text, at);
    if (start === undefined || end === undefined) continue;
    spans.push({ start, end });
    lastEnd = end;
  }
  return spans;
}

/** Start of a valid local part ending at `at`, or undefined; never reaches back before `floor`. */
function expandLocalPart(text: string, at: number, floor: number): number | undefined {
  let start = at;
  for (;;) {
    const char = codePointBefore(text, start);
    if (char === undefined || !LOCAL_CHAR.test(char)) break;
    start -= char.length;
    if (at - start > MAX_LOCAL_LENGTH) return undefined;
  }
  // A sentence can run into the address ("...or.john@x.com" is rare; "(john@x.com" is common):
  // dots at the edge belong to the sentence, not the address.
  while (text[start] === ".") start++;
  if (start < floor || start === at) return undefined;
  const local = text.slice(start, at);
  if (local.endsWith(".") || local.includes("..")) return undefined;
  return start;
}

/** End of a valid domain starting after `at`, or undefined. */
function expandDomain(text: string, at: number): number | undefined {
  let end = at + 1;
  for (;;) {
    const char = codePointAfter(text, end);
    if (char === undefined || !DOMAIN_CHAR.test(char)) break;
    end += char.length;
    if (end - at - 1 > MAX_DOMAIN_LENGTH) return undefined;
  }
  // Trailing punctuation ends the sentence, not the domain ("write to a@b.com.").
  while (end > at + 1 && (text[end - 1] === "." || text[end - 1] === "-")) end--;
  const labels = text.slice(at + 1, end).split(".");
  const tld = labels.at(-1) ?? "";
  if (labels.length < 2 || !labels.every(isHostLabel)) return undefined;
  if (!TLD.test(tld) || FILE_EXTENSIONS.has(tld.toLowerCase())) return undefined;
  return end;
}

function isHostLabel(label: string): boolean {
  return label.length >= 1 && label.length <= 63 && !label.startsWith("-") && !label.endsWith("-");
}
