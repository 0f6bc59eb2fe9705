import { AppError } from "../errors/app-error";
import { ZBusEvent } from "./bus-event";
import type { Bus, TBusHandler, TLocalDetail } from "./port";

/** The in-process bus, with a count of subscriber failures for health checks and tests. */
export interface MemoryBus extends Bus {
  /** How many deliveries threw (or rejected) since the bus was created. */
  readonly failedDeliveries: number;
}

/**
 * Creates the in-process bus: one hub instance, subscribers called synchronously in subscription
 * order, each event delivered to every subscriber in publish order. A subscriber that throws or
 * rejects is counted and skipped, never logged (its error could quote what it was handling), so it
 * breaks neither the other subscribers nor the publisher.
 *
 * @example
 * const bus = createMemoryBus();
 * const stop = bus.subscribe((event) => void relay(event));
 */
export function createMemoryBus(): MemoryBus {
  let handlers: TBusHandler[] = [];
  let failedDeliveries = 0;
  let isClosed = false;

  const deliver = (handler: TBusHandler, event: Parameters<TBusHandler>[0], local?: TLocalDetail): void => {
    try {
      const result: unknown = local === undefined ? handler(event) : handler(event, local);
      // Handlers are typed as returning void, but an async one returns a promise we must not leave unhandled.
      if (result instanceof Promise) {
        result.catch(() => {
          failedDeliveries++;
        });
      }
    } catch {
      failedDeliveries++;
    }
  };

  return {
    get failedDeliveries() {
      return failedDeliveries;
    },
    async publish(event, local) {
      if (isClosed) return;
      const parsed = ZBusEvent.safeParse(event);
      if (!parsed.success) {
        throw new AppError("request.invalid", "A bus event carries only ids, sequence numbers and states.");
      }
      // A snapshot: a handler that subscribes or unsubscribes during delivery changes the next event only.
      // Frozen, since every subscriber gets the same object and one must not change what the next sees.
      const frozen = Object.freeze(parsed.data);
      // The detail is shared the same way (its message frozen too); it stays in this process.
      const detail = local === undefined ? undefined : freezeDetail(local);
      for (const handler of [...handlers]) deliver(handler, frozen, detail);
    },
    subscribe(handler) {
      if (isClosed) return () => {};
      handlers = [...handlers, handler];
      return () => {
        handlers = handlers.filter((h) => h !== handler);
      };
    },
    async close() {
      isClosed = true;
      handlers = [];
    },
  };
}

function freezeDetail(local: TLocalDetail): TLocalDetail {
  const { message, policy } = local;
  return Object.freeze({
    ...(message === undefined
      ? {}
      : { message: Object.freeze({ ...message, author: Object.freeze({ ...message.author }) }) }),
    ...(policy === undefined ? {} : { policy }),
  });
}
