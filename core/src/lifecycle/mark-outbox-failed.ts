import { z } from "zod";
import { parseInput } from "../chat/parse-input";
import type { Store } from "../store/port";

/** The first retry waits this long; each further failure doubles it. */
export const OUTBOX_FIRST_RETRY_MS = 30_000;
/** No retry waits longer than this: a deletion request is never dropped, only spaced out. */
export const OUTBOX_MAX_RETRY_MS = 6 * 60 * 60 * 1000;

/** The wait before the next attempt after `attempts` failed ones (1 → 30 s, 2 → 1 min, … capped at 6 h). */
export function computeOutboxBackoff(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(OUTBOX_FIRST_RETRY_MS * 2 ** exponent, OUTBOX_MAX_RETRY_MS);
}

/** Input of `markOutboxFailed`: `attempts` is the item's count before this failure (as claimed). */
export const ZMarkOutboxFailedInput = z.object({
  id: z.string().min(1).max(200),
  owner: z.string().min(1).max(200),
  attempts: z.number().int().min(0),
  now: z.date(),
});

/**
 * Records a failed delivery and schedules the next attempt with exponential backoff, freeing the
 * lease; false when `owner` no longer holds it. Returns when the next attempt is due.
 */
export async function markOutboxFailed(
  store: Store,
  raw: z.input<typeof ZMarkOutboxFailedInput>,
): Promise<{ isRecorded: boolean; nextAttemptAt: Date }> {
  const input = parseInput(ZMarkOutboxFailedInput, raw);
  const nextAttemptAt = new Date(input.now.getTime() + computeOutboxBackoff(input.attempts + 1));
  const isRecorded = await store.outboxQueue.markFailed({ id: input.id, owner: input.owner, nextAttemptAt });
  return { isRecorded, nextAttemptAt };
}
