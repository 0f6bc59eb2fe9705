import type { ErasureReceiptRepo, TErasureReceiptRow } from "../port";
import { fromJson, fromMs, toJson, toMs } from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

const COLUMNS =
  "id, request_id, source, actor_type, actor_id, summary, requested_at, unreadable_at, completed_at";
const MAX_LIST = 1000;

type TSummary = Pick<
  TErasureReceiptRow,
  "visitorIds" | "conversationIds" | "siteIds" | "installations" | "counts"
>;

function toReceipt(row: Record<string, unknown>): TErasureReceiptRow {
  const summary = fromJson<TSummary>(row.summary);
  return {
    id: String(row.id),
    requestId: row.request_id === null ? null : String(row.request_id),
    source: String(row.source) as TErasureReceiptRow["source"],
    actor: {
      type: String(row.actor_type) as TErasureReceiptRow["actor"]["type"],
      id: row.actor_id === null ? null : String(row.actor_id),
    },
    visitorIds: summary.visitorIds,
    conversationIds: summary.conversationIds,
    siteIds: summary.siteIds,
    installations: summary.installations,
    counts: summary.counts,
    requestedAt: fromMs(row.requested_at),
    unreadableAt: fromMs(row.unreadable_at),
    completedAt: fromMs(row.completed_at),
  };
}

/** Erasure receipts of one workspace (table erasure_receipts): ids, counts and times, no content. */
export function createErasureReceiptRepo(db: SqlDriver, workspaceId: string): ErasureReceiptRepo {
  return {
    create: (input) =>
      guard("erasureReceipt.create", async () => {
        const summary: TSummary = {
          visitorIds: input.visitorIds,
          conversationIds: input.conversationIds,
          siteIds: input.siteIds,
          installations: input.installations,
          counts: input.counts,
        };
        await db.run(
          `INSERT INTO erasure_receipts (workspace_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            workspaceId,
            input.id,
            input.requestId,
            input.source,
            input.actor.type,
            input.actor.id,
            toJson(summary),
            toMs(input.requestedAt),
            toMs(input.unreadableAt),
            toMs(input.completedAt),
          ],
        );
        return input;
      }),
    get: (id) =>
      guard("erasureReceipt.get", async () => {
        const row = await db.get(
          `SELECT ${COLUMNS} FROM erasure_receipts WHERE workspace_id = ? AND id = ?`,
          [workspaceId, id],
        );
        return row ? toReceipt(row) : null;
      }),
    findByRequestId: (requestId) =>
      guard("erasureReceipt.findByRequestId", async () => {
        const row = await db.get(
          `SELECT ${COLUMNS} FROM erasure_receipts WHERE workspace_id = ? AND request_id = ?`,
          [workspaceId, requestId],
        );
        return row ? toReceipt(row) : null;
      }),
    list: (options = {}) =>
      guard("erasureReceipt.list", async () =>
        (
          await db.all(
            `SELECT ${COLUMNS} FROM erasure_receipts WHERE workspace_id = ? ORDER BY completed_at DESC, id LIMIT ?`,
            [workspaceId, Math.min(options.limit ?? 100, MAX_LIST)],
          )
        ).map(toReceipt),
      ),
  };
}
