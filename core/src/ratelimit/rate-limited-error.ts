import { AppError } from "../errors/app-error";

/** An AppError("rate.limited") that also says when to come back (handlers send it as `Retry-After`). */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message?: string) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super("rate.limited", message ?? `Too many requests — try again in ${seconds} seconds.`);
    this.retryAfterSeconds = seconds;
  }
}

/** The error to throw when a limiter refused: 429 with `Retry-After`. */
export function rateLimitedError(retryAfterSeconds: number, message?: string): RateLimitedError {
  return new RateLimitedError(retryAfterSeconds, message);
}

/** The seconds an error asks the caller to wait, when it carries them (any AppError may, e.g. auth.locked). */
export function retryAfterOf(error: unknown): number | null {
  if (typeof error !== "object" || error === null || !("retryAfterSeconds" in error)) return null;
  const seconds = (error as { retryAfterSeconds: unknown }).retryAfterSeconds;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}

/** Throws rate.limited when the decision refused. */
export function assertWithinRate(decision: { ok: true } | { ok: false; retryAfterSeconds: number }): void {
  if (!decision.ok) throw rateLimitedError(decision.retryAfterSeconds);
}
