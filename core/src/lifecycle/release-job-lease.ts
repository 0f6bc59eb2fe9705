import { z } from "zod";
import { parseInput } from "../chat/parse-input";
import type { Store } from "../store/port";

/** Input of `releaseJobLease`. */
export const ZReleaseJobLeaseInput = z.object({
  job: z.string().min(1).max(60),
  owner: z.string().min(1).max(200),
  now: z.date(),
});

/** Ends a job's lease held by `owner` (false when it no longer holds it), so the next run need not wait for expiry. */
export async function releaseJobLease(
  store: Store,
  raw: z.input<typeof ZReleaseJobLeaseInput>,
): Promise<boolean> {
  const input = parseInput(ZReleaseJobLeaseInput, raw);
  return store.jobLeases.release(input);
}
