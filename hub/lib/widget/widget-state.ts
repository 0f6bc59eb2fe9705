import { createRateLimiter, type RateLimiter } from "@tawkster/core/ratelimit";
import type { THub } from "../hub-context";
import { RecentMessages } from "./recent-messages";

/** The limits of the widget API (per process; each hub instance counts on its own). */
export const WIDGET_LIMITS = {
  /** Session starts per client address: a page load is one; a reload loop or a script is many. */
  sessionsPerIp: { limit: 30, windowMs: 60_000 },
  /** Messages per visitor: faster than anyone types, slower than a script. */
  messagesPerVisitor: { limit: 20, windowMs: 10_000 },
  /** Consent changes per visitor (each writes an audit event). */
  consentPerVisitor: { limit: 10, windowMs: 60_000 },
  /** History reads per visitor (the realtime feed is the normal path; this is for catching up). */
  readsPerVisitor: { limit: 120, windowMs: 60_000 },
} as const;

/** The widget API's in-memory state of one hub: rate limiters and recent sends. */
export type TWidgetState = {
  sessions: RateLimiter;
  messages: RateLimiter;
  consent: RateLimiter;
  reads: RateLimiter;
  recentMessages: RecentMessages;
};

// Per hub (not per module) so that tests with several hubs in one process never share counters.
const states = new WeakMap<THub, TWidgetState>();

/** The widget state of a hub, created on first use. */
export function widgetStateOf(hub: THub): TWidgetState {
  let state = states.get(hub);
  if (state === undefined) {
    const now = () => hub.now().getTime();
    state = {
      sessions: createRateLimiter({ ...WIDGET_LIMITS.sessionsPerIp, now }),
      messages: createRateLimiter({ ...WIDGET_LIMITS.messagesPerVisitor, now }),
      consent: createRateLimiter({ ...WIDGET_LIMITS.consentPerVisitor, now }),
      reads: createRateLimiter({ ...WIDGET_LIMITS.readsPerVisitor, now }),
      recentMessages: new RecentMessages(),
    };
    states.set(hub, state);
  }
  return state;
}
