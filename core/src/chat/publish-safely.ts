import type { TBusEvent } from "../bus/bus-event";
import type { TChatDeps } from "./deps";

/**
 * Publishes after the change is stored, swallowing bus failures: the store is the source of truth
 * and clients resume from it by seq, so a lost event only delays delivery, while failing the
 * operation would make its caller retry (and duplicate) something already done. A bus adapter
 * reports its own outages.
 */
export async function publishSafely(deps: TChatDeps, events: readonly TBusEvent[]): Promise<void> {
  for (const event of events) {
    try {
      await deps.bus.publish(event);
    } catch {
      // Deliberately ignored, see above; the error may quote the event, so it is not logged here.
    }
  }
}
