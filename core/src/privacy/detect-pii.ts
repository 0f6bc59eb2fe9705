import { AppError, describeZodError } from "../errors/app-error";
import type { TPiiKind } from "../schemas/policy";
import { findCards } from "./find-cards";
import { findEmails } from "./find-emails";
import { findIbans } from "./find-ibans";
import { findPhones } from "./find-phones";
import { findSsns } from "./find-ssns";
import { type TPiiDetectOptions, type TPiiMatch, type TSpan, ZPiiDetectOptions } from "./pii-match";

/**
 * The rules, most specific first. Where two rules claim overlapping text the earlier one wins: an
 * IBAN's digits are no card and a card's digits no phone number; the "4155552671" of
 * "4155552671@example.com" is part of an address.
 */
const RULES: readonly { kind: TPiiKind; find: (text: string) => TSpan[] }[] = [
  { kind: "email", find: findEmails },
  { kind: "iban", find: findIbans },
  { kind: "card", find: findCards },
  { kind: "ssn", find: findSsns },
  { kind: "phone", find: findPhones },
];

/**
 * Finds personal data in a text: e-mail addresses, phone numbers, payment cards, IBANs and US
 * SSNs. Matches are sorted, never overlap, and use UTF-16 offsets into `text`. Every rule is on
 * unless `options.rules` turns it off; a rule that is off still claims its text, so a card number
 * is never reported as a phone number just because cards are not wanted.
 *
 * @example detectPii("card 4111 1111 1111 1111", { rules: { phone: false } })
 * // [{ kind: "card", start: 5, end: 24 }]
 */
export function detectPii(text: string, options?: TPiiDetectOptions): TPiiMatch[] {
  const rules = parseOptions(options).rules ?? {};
  let accepted: TPiiMatch[] = [];
  for (const rule of RULES) {
    const found = rule.find(text).map((span) => ({ kind: rule.kind, start: span.start, end: span.end }));
    accepted = mergeWithoutOverlaps(accepted, found);
  }
  return accepted.filter((match) => rules[match.kind] !== false);
}

function parseOptions(options: TPiiDetectOptions | undefined): TPiiDetectOptions {
  const parsed = ZPiiDetectOptions.safeParse(options ?? {});
  if (!parsed.success) throw new AppError("request.invalid", describeZodError(parsed.error));
  return parsed.data;
}

/**
 * Adds `found` (sorted by start) to `accepted` (sorted, disjoint), dropping any found span that
 * overlaps an accepted one or an earlier found one. Linear: both lists are walked once.
 */
function mergeWithoutOverlaps(accepted: TPiiMatch[], found: TPiiMatch[]): TPiiMatch[] {
  const merged: TPiiMatch[] = [];
  let next = 0;
  let lastFoundEnd = 0;
  for (const match of found) {
    while (next < accepted.length && (accepted[next]?.end ?? 0) <= match.start) {
      merged.push(accepted[next] as TPiiMatch);
      next++;
    }
    const blocker = accepted[next];
    if (match.start < lastFoundEnd || (blocker && blocker.start < match.end)) continue;
    merged.push(match);
    lastFoundEnd = match.end;
  }
  while (next < accepted.length) merged.push(accepted[next++] as TPiiMatch);
  return merged;
}
