import { AsyncLocalStorage } from "node:async_hooks";
import type { TSignInResult } from "@tawkster/core/auth";

/** What one sign-in request knows outside next-auth: where it comes from, and how it ended. */
export type TSignInAttempt = {
  clientIp: string | null;
  userAgent: string | null;
  result: TSignInResult | null;
};

// next-auth's `authorize` can only answer "user or null"; the hub needs the reason (locked, code
// needed) to answer 429 or ask for the code. The request's own async context carries it across.
const attempts = new AsyncLocalStorage<TSignInAttempt>();

/** Runs `work` with a fresh attempt record, and returns both. */
export async function withSignInAttempt<T>(
  origin: { clientIp: string | null; userAgent: string | null },
  work: () => Promise<T>,
): Promise<{ value: T; attempt: TSignInAttempt }> {
  const attempt: TSignInAttempt = { ...origin, result: null };
  const value = await attempts.run(attempt, work);
  return { value, attempt };
}

/** The attempt of the current request, or null outside one. */
export function currentSignInAttempt(): TSignInAttempt | null {
  return attempts.getStore() ?? null;
}
