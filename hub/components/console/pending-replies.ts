import type { TPendingReply } from "./transcript";

/**
 * The agent's pending replies once one of theirs with `body` was delivered by the hub: the first
 * placeholder still sending that body goes (the delivery can beat the send's own answer, and the
 * reply must not show twice). The same list when none matches, so nothing re-renders.
 */
export function withoutDelivered(list: TPendingReply[], body: string): TPendingReply[] {
  const index = list.findIndex((p) => p.state === "sending" && p.body === body);
  return index < 0 ? list : [...list.slice(0, index), ...list.slice(index + 1)];
}
