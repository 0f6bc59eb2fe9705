import type { SignInThrottleRepo, TSignInThrottleRow } from "../port";
import { fromMs, fromMsOrNull, toMs, toMsOrNull } from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

/** Failed sign-ins per subject (table sign_in_throttle); unscoped like sign-in itself. */
export function createSignInThrottleRepo(db: SqlDriver): SignInThrottleRepo {
  return {
    get: (subject) =>
      guard("signInThrottle.get", async () => {
        const row = await db.get(
          "SELECT subject, failures, locked_until, last_failure_at FROM sign_in_throttle WHERE subject = ?",
          [subject],
        );
        if (!row) return null;
        const throttle: TSignInThrottleRow = {
          subject: String(row.subject),
          failures: Number(row.failures),
          lockedUntil: fromMsOrNull(row.locked_until),
          lastFailureAt: fromMs(row.last_failure_at),
        };
        return throttle;
      }),
    put: (row) =>
      guard("signInThrottle.put", async () => {
        await db.run(
          `INSERT INTO sign_in_throttle (subject, failures, locked_until, last_failure_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until,
           last_failure_at = excluded.last_failure_at`,
          [row.subject, row.failures, toMsOrNull(row.lockedUntil), toMs(row.lastFailureAt)],
        );
      }),
    delete: (subject) =>
      guard("signInThrottle.delete", async () => {
        const result = await db.run("DELETE FROM sign_in_throttle WHERE subject = ?", [subject]);
        return result.changes > 0;
      }),
    deleteStale: (before) =>
      guard("signInThrottle.deleteStale", async () => {
        const result = await db.run(
          "DELETE FROM sign_in_throttle WHERE last_failure_at < ? AND (locked_until IS NULL OR locked_until < ?)",
          [toMs(before), toMs(before)],
        );
        return result.changes;
      }),
  };
}
