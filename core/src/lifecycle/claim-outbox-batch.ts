import { z } from "zod";
import { parseInput } from "../chat/parse-input";
import type { Store, TOutboxItem } from "../store/port";

/** Input of `claimOutboxBatch`. */
export const ZClaimOutboxBatchInput = z.object({
  now: z.date(),
  /** How long the claimer has to deliver before another instance may take the items over. */
  leaseMs: z.number().int().min(1000).max(3_600_000),
  limit: z.number().int().min(1).max(500),
  /** This instance's id (a random UUID per worker). */
  owner: z.string().min(1).max(200),
});
/** `ZClaimOutboxBatchInput` as callers pass it. */
export type TClaimOutboxBatchInput = z.input<typeof ZClaimOutboxBatchInput>;

/**
 * Claims up to `limit` plugin deletion requests that are due, for one deliverer. Each item is
 * leased to `owner` until `now + leaseMs`: another hub instance claiming at the same time gets other
 * items, and an item whose deliverer crashed comes back once its lease runs out. Settle each item
 * with `markOutboxDelivered` or `markOutboxFailed`.
 *
 * @example
 * for (const item of await claimOutboxBatch(store, { now, leaseMs: 60_000, limit: 50, owner })) {
 *   (await deliver(item)) ? await markOutboxDelivered(store, { id: item.id, owner, now })
 *                         : await markOutboxFailed(store, { id: item.id, owner, attempts: item.attempts, now });
 * }
 */
export async function claimOutboxBatch(store: Store, raw: TClaimOutboxBatchInput): Promise<TOutboxItem[]> {
  const input = parseInput(ZClaimOutboxBatchInput, raw);
  return store.outboxQueue.claim(input);
}
