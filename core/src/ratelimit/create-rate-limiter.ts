import { AppError } from "../errors/app-error";

/** The answer of `take`: allowed, or refused with how long to wait. */
export type TRateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A fixed-window limiter: at most `limit` takes per key per window. */
export interface RateLimiter {
  /** Counts one use of `key`; refused once the key used up its window. */
  take(key: string): TRateDecision;
  /** Forgets a key (for example after a successful sign-in). */
  reset(key: string): void;
  /** How many keys are tracked now (for tests and health checks). */
  readonly size: number;
}

/** Keys tracked at most by default: one short record each, so memory stays bounded under a flood. */
export const DEFAULT_MAX_KEYS = 10_000;

type TWindow = { startedAt: number; count: number };

/**
 * Creates an in-memory fixed-window rate limiter (one process; each hub instance limits on its
 * own). Memory is bounded: expired windows are swept as new keys arrive, and past `maxKeys` the
 * oldest window is evicted (that key starts over, which errs towards letting a request through
 * rather than growing without bound).
 *
 * @example
 * const limiter = createRateLimiter({ limit: 20, windowMs: 60_000 });
 * const decision = limiter.take(`sign-in:${ip}`);
 * if (!decision.ok) throw rateLimitedError(decision.retryAfterSeconds);
 */
export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}): RateLimiter {
  const { limit, windowMs } = options;
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  const now = options.now ?? Date.now;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new AppError("config.invalid", "limit must be ≥ 1.");
  if (!(windowMs > 0)) throw new AppError("config.invalid", "windowMs must be positive.");
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1)
    throw new AppError("config.invalid", "maxKeys must be ≥ 1.");

  // A Map iterates in insertion order, and a key is re-inserted when its window restarts, so the
  // first entries are always the oldest windows: sweeping and evicting look at the front only.
  const windows = new Map<string, TWindow>();

  const sweep = (at: number): void => {
    for (const [key, window] of windows) {
      if (at - window.startedAt < windowMs) break;
      windows.delete(key);
    }
  };

  return {
    take(key) {
      const at = now();
      const current = windows.get(key);
      if (current && at - current.startedAt < windowMs) {
        if (current.count >= limit) {
          return {
            ok: false,
            retryAfterSeconds: Math.max(1, Math.ceil((current.startedAt + windowMs - at) / 1000)),
          };
        }
        current.count++;
        return { ok: true };
      }
      windows.delete(key);
      sweep(at);
      while (windows.size >= maxKeys) {
        const oldest = windows.keys().next().value;
        if (oldest === undefined) break;
        windows.delete(oldest);
      }
      windows.set(key, { startedAt: at, count: 1 });
      return { ok: true };
    },
    reset(key) {
      windows.delete(key);
    },
    get size() {
      return windows.size;
    },
  };
}
