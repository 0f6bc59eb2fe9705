/** Failures in a row before an account is locked. */
export const LOCKOUT_THRESHOLD = 5;
/** The first lock's length; each further failure doubles it. */
export const LOCKOUT_BASE_SECONDS = 30;
/** The longest lock. */
export const LOCKOUT_MAX_SECONDS = 60 * 60;
/** Failures older than this are forgotten, so a year of typos never adds up to a lock. */
export const FAILURE_MEMORY_MS = 24 * 60 * 60 * 1000;

/** Whether an account is locked now, and for how much longer. */
export type TLockout = { isLocked: false } | { isLocked: true; lockedUntil: Date; retryAfterSeconds: number };

/** How long a lock lasts after `failures` failures in a row (0 below the threshold). */
export function lockSecondsFor(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  const doublings = Math.min(failures - LOCKOUT_THRESHOLD, 20);
  return Math.min(LOCKOUT_BASE_SECONDS * 2 ** doublings, LOCKOUT_MAX_SECONDS);
}

/**
 * Whether sign-in is locked: after 5 failures in a row, for 30 s from the last failure, doubling
 * with each further failure up to 1 h. A success resets the count (the caller deletes it).
 *
 * @example computeLockout({ failures: 6, lastFailureAt, now }) // locked for 60 s after lastFailureAt
 */
export function computeLockout(state: { failures: number; lastFailureAt: Date; now: Date }): TLockout {
  const seconds = lockSecondsFor(state.failures);
  if (seconds === 0) return { isLocked: false };
  const lockedUntil = new Date(state.lastFailureAt.getTime() + seconds * 1000);
  const remainingMs = lockedUntil.getTime() - state.now.getTime();
  if (remainingMs <= 0) return { isLocked: false };
  return { isLocked: true, lockedUntil, retryAfterSeconds: Math.ceil(remainingMs / 1000) };
}

/** The failure count after one more failure at `now`: counting starts over once the last one is old. */
export function countFailure(previous: { failures: number; lastFailureAt: Date } | null, now: Date): number {
  if (previous === null || now.getTime() - previous.lastFailureAt.getTime() > FAILURE_MEMORY_MS) return 1;
  return previous.failures + 1;
}
