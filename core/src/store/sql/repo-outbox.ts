import type { OutboxQueue, OutboxRepo, TOutboxItem, TOutboxRefs } from "../port";
import { fromJson, fromMs, fromMsOrNull, toJson, toMs } from "./codec";
import type { SqlDriver, TSqlValue } from "./driver";
import { guard } from "./guard";

const COLUMNS =
  "id, workspace_id, installation_id, kind, subject_id, external_refs, attempts, next_attempt_at, delivered_at, lease_owner, lease_expires_at, created_at";
const MAX_LIST = 1000;

function toItem(row: Record<string, unknown>): TOutboxItem {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    installationId: String(row.installation_id),
    kind: String(row.kind) as TOutboxItem["kind"],
    subjectId: String(row.subject_id),
    refs: fromJson<TOutboxRefs>(row.external_refs),
    attempts: Number(row.attempts),
    nextAttemptAt: fromMs(row.next_attempt_at),
    deliveredAt: fromMsOrNull(row.delivered_at),
    leaseOwner: row.lease_owner === null ? null : String(row.lease_owner),
    leaseExpiresAt: fromMsOrNull(row.lease_expires_at),
    createdAt: fromMs(row.created_at),
  };
}

/** The deletion requests of one workspace (table plugin_outbox). */
export function createOutboxRepo(db: SqlDriver, workspaceId: string): OutboxRepo {
  return {
    enqueue: (items) =>
      guard("outbox.enqueue", async () => {
        if (items.length === 0) return 0;
        // One transaction: a purge batch queues all of its requests or none.
        return db.transaction(async (tx) => {
          let inserted = 0;
          for (const item of items) {
            const result = await tx.run(
              `INSERT INTO plugin_outbox (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL, NULL, NULL, ?)
               ON CONFLICT (workspace_id, installation_id, kind, subject_id) DO NOTHING`,
              [
                item.id,
                workspaceId,
                item.installationId,
                item.kind,
                item.subjectId,
                toJson(item.refs),
                toMs(item.createdAt),
                toMs(item.createdAt),
              ],
            );
            inserted += result.changes;
          }
          return inserted;
        });
      }),
    list: (options = {}) =>
      guard("outbox.list", async () =>
        (
          await db.all(
            `SELECT ${COLUMNS} FROM plugin_outbox WHERE workspace_id = ?${options.pendingOnly ? " AND delivered_at IS NULL" : ""}
             ORDER BY created_at, id LIMIT ?`,
            [workspaceId, Math.min(options.limit ?? MAX_LIST, MAX_LIST)],
          )
        ).map(toItem),
      ),
    countPending: (options = {}) =>
      guard("outbox.countPending", async () => {
        const params: TSqlValue[] = [workspaceId];
        if (options.createdBefore) params.push(toMs(options.createdBefore));
        const row = await db.get<{ n: unknown }>(
          `SELECT COUNT(*) AS n FROM plugin_outbox WHERE workspace_id = ? AND delivered_at IS NULL${
            options.createdBefore ? " AND created_at < ?" : ""
          }`,
          params,
        );
        return Number(row?.n ?? 0);
      }),
  };
}

/** Claiming and settling deletion requests across workspaces, for the outbox job. */
export function createOutboxQueue(db: SqlDriver): OutboxQueue {
  return {
    claim: (input) =>
      guard("outbox.claim", async () => {
        const now = toMs(input.now);
        const claimed: TOutboxItem[] = [];
        // Each claim re-checks the lease in its own conditional UPDATE, so when two instances pick
        // the same candidates only one UPDATE matches, whatever the isolation level. Items lost to
        // a concurrent claimer are leased by then, so the next round's SELECT skips them; on SQLite
        // the transaction serializes claimers and one round suffices.
        for (let round = 0; round < 5 && claimed.length < input.limit; round++) {
          const won = await db.transaction(async (tx) => {
            const candidates = await tx.all<{ id: unknown }>(
              `SELECT id FROM plugin_outbox WHERE delivered_at IS NULL AND next_attempt_at <= ?
                 AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
               ORDER BY next_attempt_at, id LIMIT ?`,
              [now, now, input.limit - claimed.length],
            );
            const rows: TOutboxItem[] = [];
            for (const candidate of candidates) {
              const id = String(candidate.id);
              const result = await tx.run(
                `UPDATE plugin_outbox SET lease_owner = ?, lease_expires_at = ?
                 WHERE id = ? AND delivered_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at <= ?)`,
                [input.owner, now + input.leaseMs, id, now],
              );
              if (result.changes === 0) continue;
              const row = await tx.get(`SELECT ${COLUMNS} FROM plugin_outbox WHERE id = ?`, [id]);
              if (row) rows.push(toItem(row));
            }
            return { rows, isExhausted: candidates.length === 0 };
          });
          claimed.push(...won.rows);
          if (won.isExhausted) break;
        }
        return claimed;
      }),
    markDelivered: (input) =>
      guard("outbox.markDelivered", async () => {
        const result = await db.run(
          `UPDATE plugin_outbox SET delivered_at = ?, lease_owner = NULL, lease_expires_at = NULL
           WHERE id = ? AND lease_owner = ? AND delivered_at IS NULL`,
          [toMs(input.at), input.id, input.owner],
        );
        return result.changes > 0;
      }),
    markFailed: (input) =>
      guard("outbox.markFailed", async () => {
        const result = await db.run(
          `UPDATE plugin_outbox SET attempts = attempts + 1, next_attempt_at = ?, lease_owner = NULL, lease_expires_at = NULL
           WHERE id = ? AND lease_owner = ? AND delivered_at IS NULL`,
          [toMs(input.nextAttemptAt), input.id, input.owner],
        );
        return result.changes > 0;
      }),
  };
}
