import type { TBusEvent } from "./bus-event";

/** Receives every event published after it subscribed. Must not block: do real work asynchronously. */
export type TBusHandler = (event: TBusEvent) => void;

/**
 * The live fan-out port: in-process by default, Redis when several hub instances run. It is a
 * notification channel, not a queue: the store is the source of truth, and a subscriber that missed
 * an event catches up by reading the store from the last seq it saw.
 */
export interface Bus {
  /** Delivers an event to every subscriber; refuses (AppError request.invalid) an event with extra fields. */
  publish(event: TBusEvent): Promise<void>;
  /** Registers a handler; returns a function that removes it (safe to call twice). */
  subscribe(handler: TBusHandler): () => void;
  /** Stops delivering; publishing afterwards is a no-op. */
  close(): Promise<void>;
}
