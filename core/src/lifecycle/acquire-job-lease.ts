import { z } from "zod";
import { parseInput } from "../chat/parse-input";
import type { Store } from "../store/port";

/** Input of `acquireJobLease`. */
export const ZAcquireJobLeaseInput = z.object({
  job: z.string().regex(/^[a-z][a-z0-9-]{0,59}$/),
  /** This instance's id for the run (a random UUID per run is right). */
  owner: z.string().min(1).max(200),
  /** How long the lease lasts without renewal: longer than one batch, so a live run never loses it. */
  ttlMs: z.number().int().min(1000).max(86_400_000),
  now: z.date(),
});
/** `ZAcquireJobLeaseInput` as callers pass it. */
export type TAcquireJobLeaseInput = z.input<typeof ZAcquireJobLeaseInput>;

/**
 * Takes a job's lease so that, of all hub instances, only one runs the job; calling it again as the
 * holder renews it. False when another instance holds a live lease. A crashed holder's lease simply
 * expires after `ttlMs`, so the job is never stuck.
 *
 * @example if (await acquireJobLease(store, { job: "retention", owner, ttlMs: 60_000, now })) { … }
 */
export async function acquireJobLease(store: Store, raw: TAcquireJobLeaseInput): Promise<boolean> {
  const input = parseInput(ZAcquireJobLeaseInput, raw);
  return store.jobLeases.acquire(input);
}
