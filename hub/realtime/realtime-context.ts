import type { TChatDeps } from "@tawkster/core/chat";
import type { Store } from "@tawkster/core/store";
import type { THub } from "../lib/hub-context";
import type { TAccessCache } from "./access-cache";
import type { TRegistry } from "./registry";

/** What every part of the realtime server works with. */
export type TRealtimeContext = {
  readonly hub: THub;
  readonly deps: TChatDeps;
  readonly registry: TRegistry;
  /** Member, conversation and site rows kept for a moment for authorization (see access-cache.ts). */
  readonly access: TAccessCache;
  /** The store widget sends are stored through: the send's first reads come from `access` (send-store.ts). */
  readonly sendStore: Store;
  /** The hub's own origins (Cross-Site WebSocket Hijacking defence). */
  readonly hubOrigins: readonly string[];
  readonly limits: TRealtimeLimits;
};

/** The realtime server's limits; tests shorten the timers. */
export type TRealtimeLimits = {
  /** Largest frame a client may send (bytes). */
  maxPayloadBytes: number;
  /**
   * How often every connection is pinged (one that did not answer the last ping is dropped) and
   * every console's session checked again (`session.revoked` also ends it at once).
   */
  heartbeatMs: number;
  /** How long a connection may stay without identity (the widget's `auth` frame). */
  authTimeoutMs: number;
  /** Conversations one console connection may follow at once (a widget follows one). */
  maxConsoleSubscriptions: number;
  /** Frames a client may send per window before it is disconnected. */
  maxFramesPerWindow: number;
  frameWindowMs: number;
};

/** The limits the hub runs with. */
export const DEFAULT_REALTIME_LIMITS: TRealtimeLimits = {
  maxPayloadBytes: 16 * 1024,
  heartbeatMs: 30_000,
  authTimeoutMs: 10_000,
  maxConsoleSubscriptions: 50,
  maxFramesPerWindow: 100,
  frameWindowMs: 10_000,
};
