import { createRateLimiter, type RateLimiter } from "@tawkster/core/ratelimit";
import type { THub } from "../hub-context";

/** Per-process limiters of the sign-in and setup endpoints. */
export type TAuthLimiters = {
  /** Sign-in attempts per client IP: 20 a minute. */
  signIn: RateLimiter;
  /** First-run setup attempts per client IP: 10 a minute. */
  setup: RateLimiter;
  /** Second-factor changes per session: 10 a minute (each may verify a code). */
  twoFactor: RateLimiter;
};

// Kept on globalThis: Next bundles route handlers apart from server.ts, and every copy of this
// module must count into the same limiters.
const STATE_KEY = Symbol.for("tawkster.hub.auth-limiters");
type THolder = { [STATE_KEY]?: WeakMap<THub, TAuthLimiters> };

/** The limiters of this hub (created on first use). */
export function authLimitersOf(hub: THub): TAuthLimiters {
  const holder = globalThis as THolder;
  holder[STATE_KEY] ??= new WeakMap();
  let limiters = holder[STATE_KEY].get(hub);
  if (!limiters) {
    limiters = {
      signIn: createRateLimiter({ limit: 20, windowMs: 60_000 }),
      setup: createRateLimiter({ limit: 10, windowMs: 60_000 }),
      twoFactor: createRateLimiter({ limit: 10, windowMs: 60_000 }),
    };
    holder[STATE_KEY].set(hub, limiters);
  }
  return limiters;
}
