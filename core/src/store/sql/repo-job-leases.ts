import type { JobLeaseRepo } from "../port";
import { fromMs, fromMsOrNull, toMs } from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

/** Job leases (table job_leases): one row per job, naming who may run it until when. */
export function createJobLeaseRepo(db: SqlDriver): JobLeaseRepo {
  return {
    acquire: (input) =>
      guard("jobLease.acquire", async () => {
        const now = toMs(input.now);
        // One statement decides: insert when there is no row, take over an expired or released
        // lease, extend our own; the WHERE leaves another owner's live lease untouched.
        const result = await db.run(
          `INSERT INTO job_leases (job, owner, acquired_at, expires_at, released_at) VALUES (?, ?, ?, ?, NULL)
           ON CONFLICT (job) DO UPDATE SET
             acquired_at = CASE WHEN job_leases.owner = excluded.owner AND job_leases.released_at IS NULL
                           THEN job_leases.acquired_at ELSE excluded.acquired_at END,
             owner = excluded.owner, expires_at = excluded.expires_at, released_at = NULL
           WHERE job_leases.owner = excluded.owner OR job_leases.expires_at <= ? OR job_leases.released_at IS NOT NULL`,
          [input.job, input.owner, now, now + input.ttlMs, now],
        );
        return result.changes > 0;
      }),
    release: (input) =>
      guard("jobLease.release", async () => {
        const result = await db.run(
          "UPDATE job_leases SET released_at = ?, expires_at = ? WHERE job = ? AND owner = ? AND released_at IS NULL",
          [toMs(input.now), toMs(input.now), input.job, input.owner],
        );
        return result.changes > 0;
      }),
    get: (job) =>
      guard("jobLease.get", async () => {
        const row = await db.get(
          "SELECT job, owner, acquired_at, expires_at, released_at FROM job_leases WHERE job = ?",
          [job],
        );
        return row
          ? {
              job: String(row.job),
              owner: String(row.owner),
              acquiredAt: fromMs(row.acquired_at),
              expiresAt: fromMs(row.expires_at),
              releasedAt: fromMsOrNull(row.released_at),
            }
          : null;
      }),
  };
}
