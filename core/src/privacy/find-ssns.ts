import { findDigitRuns, type TDigitRun } from "./digit-runs";
import type { TSpan } from "./pii-match";
import { isStandaloneNumber } from "./token-boundaries";

const SSN_JOINERS: ReadonlySet<string> = new Set(["-", " "]);

/** Nine bare digits are an SSN only when the text just before says so. */
const SSN_CONTEXT = /\b(?:ssn|ss#|ss no|social security|soc\.? sec)/i;
const CONTEXT_WINDOW = 40;

/** "SSN#123-45-6789" is a common label. */
const HASH_OK = { allowHashPrefix: true };

/**
 * Finds US Social Security numbers written AAA-GG-SSSS or AAA GG SSSS, or as nine bare digits right
 * after a mention such as "SSN" or "social security"; never area 000, 666 or 900–999 (not issued),
 * group 00 or serial 0000.
 */
export function findSsns(text: string): TSpan[] {
  const spans: TSpan[] = [];
  for (const run of findDigitRuns(text, SSN_JOINERS)) {
    const first = run.groups[0];
    if (run.groups.length === 1 && first && hasSsnContext(text, first.start)) {
      pushSpan(spans, toSsnSpan(text, run, 0, 0));
      continue;
    }
    if (run.groups.length === 3 && run.joiners[0] === " " && run.joiners[1] === " ") {
      pushSpan(spans, toSsnSpan(text, run, 0, 2));
      continue;
    }
    // Dashed SSNs may sit in a longer run ("SSN 123-45-6789 2"): the dashes make them one word.
    for (let from = 0; from + 2 < run.groups.length; from++) {
      const startsWord = from === 0 || run.joiners[from - 1] === " ";
      const endsWord = from + 3 === run.groups.length || run.joiners[from + 2] === " ";
      if (startsWord && endsWord && run.joiners[from] === "-" && run.joiners[from + 1] === "-") {
        pushSpan(spans, toSsnSpan(text, run, from, from + 2));
      }
    }
  }
  return spans;
}

/** Whether nine digits are a number the SSA could have issued. */
export function isIssuableSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  return (
    area !== "000" &&
    area !== "666" &&
    area[0] !== "9" &&
    digits.slice(3, 5) !== "00" &&
    digits.slice(5) !== "0000"
  );
}

function toSsnSpan(text: string, run: TDigitRun, from: number, to: number): TSpan | undefined {
  const groups = run.groups.slice(from, to + 1);
  const sizes = groups.map((group) => group.digits.length).join(",");
  if (sizes !== "9" && sizes !== "3,2,4") return undefined;
  const digits = groups.map((group) => group.digits).join("");
  const span = { start: groups[0]?.start ?? 0, end: groups.at(-1)?.end ?? 0 };
  return isIssuableSsn(digits) && isStandaloneNumber(text, span.start, span.end, HASH_OK) ? span : undefined;
}

function pushSpan(spans: TSpan[], span: TSpan | undefined): void {
  if (span) spans.push(span);
}

function hasSsnContext(text: string, start: number): boolean {
  return SSN_CONTEXT.test(text.slice(Math.max(0, start - CONTEXT_WINDOW), start));
}
