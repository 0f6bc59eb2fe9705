import { z } from "zod";
import { parseInput } from "../chat/parse-input";
import type { Store } from "../store/port";

/** Input of `markOutboxDelivered`. */
export const ZMarkOutboxDeliveredInput = z.object({
  id: z.string().min(1).max(200),
  owner: z.string().min(1).max(200),
  now: z.date(),
});

/** Records that the plugin deleted its copy; false when `owner` no longer holds the item's lease. */
export async function markOutboxDelivered(
  store: Store,
  raw: z.input<typeof ZMarkOutboxDeliveredInput>,
): Promise<boolean> {
  const input = parseInput(ZMarkOutboxDeliveredInput, raw);
  return store.outboxQueue.markDelivered({ id: input.id, owner: input.owner, at: input.now });
}
