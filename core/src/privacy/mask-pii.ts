import { detectPii } from "./detect-pii";
import type { TMaskedText, TPiiDetectOptions } from "./pii-match";

/**
 * Replaces every piece of personal data `detectPii` finds with a fixed placeholder naming its kind
 * ("[email]", "[phone]", "[card]", "[iban]", "[ssn]"), keeping no character of it: even the last
 * four card digits, combined with a leaked name, help an attacker. Returns the input unchanged when
 * nothing is found; `matches` are offsets into the input, not into the masked text.
 *
 * @example maskPii("mail me: ana@example.com").text // "mail me: [email]"
 */
export function maskPii(text: string, options?: TPiiDetectOptions): TMaskedText {
  const matches = detectPii(text, options);
  if (matches.length === 0) return { text, matches };
  let masked = "";
  let cursor = 0;
  for (const match of matches) {
    masked += `${text.slice(cursor, match.start)}[${match.kind}]`;
    cursor = match.end;
  }
  return { text: masked + text.slice(cursor), matches };
}
