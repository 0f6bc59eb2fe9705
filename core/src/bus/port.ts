import type { TResolvedPolicy } from "../retention/default-policy";
import type { TMessage } from "../schemas/message";
import type { TBusEvent } from "./bus-event";

/**
 * What a publisher in this process may hand to the subscribers in this same process along with an
 * event, so they need not read back what the publisher already holds: a `message.created` event's
 * message as stored (decrypted) and the policy it was stored under. It never leaves the process:
 * the memory bus hands it over as is, and an adapter that carries events to other processes must
 * drop it (subscribers there read the store, as they do for any event without it).
 */
export type TLocalDetail = {
  readonly message?: Readonly<TMessage>;
  readonly policy?: TResolvedPolicy;
};

/**
 * Receives every event published after it subscribed, with the publisher's in-process detail when
 * there is one. Must not block: do real work asynchronously.
 */
export type TBusHandler = (event: TBusEvent, local?: TLocalDetail) => void;

/**
 * The live fan-out port: in-process by default, Redis when several hub instances run. It is a
 * notification channel, not a queue: the store is the source of truth, and a subscriber that missed
 * an event catches up by reading the store from the last seq it saw.
 */
export interface Bus {
  /**
   * Delivers an event to every subscriber; refuses (AppError request.invalid) an event with extra
   * fields. `local` goes to in-process subscribers only (see TLocalDetail).
   */
  publish(event: TBusEvent, local?: TLocalDetail): Promise<void>;
  /** Registers a handler; returns a function that removes it (safe to call twice). */
  subscribe(handler: TBusHandler): () => void;
  /** Stops delivering; publishing afterwards is a no-op. */
  close(): Promise<void>;
}
