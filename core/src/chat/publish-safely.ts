import type { TBusEvent } from "../bus/bus-event";
import type { TLocalDetail } from "../bus/port";
import type { TChatDeps } from "./deps";

/**
 * Publishes after the change is stored, swallowing bus failures: the store is the source of truth
 * and clients resume from it by seq, so a lost event only delays delivery, while failing the
 * operation would make its caller retry (and duplicate) something already done. A bus adapter
 * reports its own outages.
 */
export async function publishSafely(
  deps: TChatDeps,
  events: readonly TBusEvent[],
  /** In-process detail for the first event (see TLocalDetail). */
  local?: TLocalDetail,
): Promise<void> {
  for (const [index, event] of events.entries()) {
    try {
      await (index === 0 && local !== undefined ? deps.bus.publish(event, local) : deps.bus.publish(event));
    } catch {
      // Deliberately ignored, see above; the error may quote the event, so it is not logged here.
    }
  }
}
