/** A maximal sequence of ASCII digits and where it sits in the text. */
export type TDigitGroup = { start: number; end: number; digits: string };

/** Digit groups written as one number: `joiners[i]` is the text between `groups[i]` and `groups[i + 1]`. */
export type TDigitRun = { groups: TDigitGroup[]; joiners: string[] };

/** The longest joiner any rule accepts (") " in "(415) 555-2671"); a longer gap always ends a run. */
const MAX_JOINER_LENGTH = 2;

/**
 * Splits `text` into runs of digit groups whose separators are all in `joiners`, e.g. with
 * `[" ", "-"]`, "4111 1111-1111" is one run of three groups. Linear: one pass of a flat regex.
 */
export function findDigitRuns(text: string, joiners: ReadonlySet<string>): TDigitRun[] {
  const runs: TDigitRun[] = [];
  let current: TDigitRun | undefined;
  for (const match of text.matchAll(/\d+/g)) {
    const group = { start: match.index, end: match.index + match[0].length, digits: match[0] };
    const previous = current?.groups.at(-1);
    const gap =
      previous && group.start - previous.end <= MAX_JOINER_LENGTH
        ? text.slice(previous.end, group.start)
        : undefined;
    if (current && gap !== undefined && joiners.has(gap)) {
      current.groups.push(group);
      current.joiners.push(gap);
    } else {
      current = { groups: [group], joiners: [] };
      runs.push(current);
    }
  }
  return runs;
}

/** The digits of `groups[from..to]` (inclusive), without separators. */
export function joinDigits(run: TDigitRun, from: number, to: number): string {
  let digits = "";
  for (let index = from; index <= to; index++) digits += run.groups[index]?.digits ?? "";
  return digits;
}
