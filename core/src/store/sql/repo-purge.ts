import type { TConversation } from "../../schemas";
import type { PurgeRepo, TPurgeVisitorRow, TScanCursor } from "../port";
import { fromMs, toMs } from "./codec";
import type { SqlDriver, TSqlValue } from "./driver";
import { guard } from "./guard";
import { CONVERSATION_COLUMNS, toConversation } from "./repo-conversations";
import { writeInBackground } from "./write-in-background";

const VISITOR_COLUMNS = "id, site_id, key_id, last_seen_at";

/** More ids than this in one IN (...) list are split: both databases cap bound parameters. */
const MAX_IDS = 500;

/**
 * The workspace condition of a statement that finds rows by a list of their ids, written so that
 * no index can serve it. Given `workspace_id = ? AND id IN (...)` with several ids, SQLite's
 * planner (which has no statistics here) walks every row of the workspace through an index that
 * starts with workspace_id instead of looking the ids up by primary key: a purge step then took
 * time, and held the write lock, in proportion to the whole workspace. The rows are still scoped:
 * the condition is checked on each row found. PostgreSQL plans from statistics either way.
 */
const IN_WORKSPACE_BY_ID = "workspace_id || '' = ?";

function toVisitor(row: Record<string, unknown>): TPurgeVisitorRow {
  return {
    id: String(row.id),
    siteId: String(row.site_id),
    keyId: String(row.key_id),
    lastSeenAt: fromMs(row.last_seen_at),
  };
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_IDS) out.push(items.slice(i, i + MAX_IDS));
  return out;
}

/**
 * `AND (col, id) > (at, id)`: resumes an ordered scan after the cursor's row. A row-value comparison
 * (both dialects have it) over an index on (workspace_id, col, id) seeks straight to the cursor.
 */
function afterCursor(column: string, cursor: TScanCursor | undefined): { sql: string; params: TSqlValue[] } {
  if (!cursor) return { sql: "", params: [] };
  return { sql: ` AND (${column}, id) > (?, ?)`, params: [toMs(cursor.at), cursor.id] };
}

/** The purge's scans and deletes in one workspace (tables conversations, messages, reads, visitors). */
export function createPurgeRepo(db: SqlDriver, workspaceId: string): PurgeRepo {
  return {
    listConversationsInactiveBefore: (before, options) =>
      guard("purge.listConversations", async () => {
        const after = afterCursor("last_activity_at", options.after);
        const rows = await db.all(
          `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE workspace_id = ? AND last_activity_at < ?${after.sql}
           ORDER BY last_activity_at, id LIMIT ?`,
          [workspaceId, toMs(before), ...after.params, options.limit],
        );
        return rows.map(toConversation);
      }),
    listVisitorsLastSeenBefore: (before, options) =>
      guard("purge.listVisitors", async () => {
        const after = afterCursor("last_seen_at", options.after);
        const rows = await db.all(
          `SELECT ${VISITOR_COLUMNS} FROM visitors WHERE workspace_id = ? AND last_seen_at < ?${after.sql}
           ORDER BY last_seen_at, id LIMIT ?`,
          [workspaceId, toMs(before), ...after.params, options.limit],
        );
        return rows.map(toVisitor);
      }),
    listVisitors: (ids) =>
      guard("purge.listVisitorsById", async () => {
        const out: TPurgeVisitorRow[] = [];
        for (const part of chunks(ids)) {
          const rows = await db.all(
            `SELECT ${VISITOR_COLUMNS} FROM visitors WHERE ${IN_WORKSPACE_BY_ID} AND id IN (${placeholders(part.length)})
             ORDER BY id`,
            [workspaceId, ...part],
          );
          out.push(...rows.map(toVisitor));
        }
        return out;
      }),
    listConversationsOfVisitors: (visitorIds) =>
      guard("purge.listConversationsOfVisitors", async () => {
        const out: TConversation[] = [];
        for (const part of chunks(visitorIds)) {
          const rows = await db.all(
            `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE workspace_id = ? AND visitor_id IN (${placeholders(part.length)})
             ORDER BY created_at, id`,
            [workspaceId, ...part],
          );
          out.push(...rows.map(toConversation));
        }
        return out;
      }),
    countRows: (conversationIds) =>
      guard("purge.countRows", async () => {
        let messages = 0;
        let readMarkers = 0;
        for (const part of chunks(conversationIds)) {
          const list = placeholders(part.length);
          const m = await db.get<{ n: unknown }>(
            `SELECT COUNT(*) AS n FROM messages WHERE workspace_id = ? AND conversation_id IN (${list})`,
            [workspaceId, ...part],
          );
          const r = await db.get<{ n: unknown }>(
            `SELECT COUNT(*) AS n FROM conversation_reads WHERE workspace_id = ? AND conversation_id IN (${list})`,
            [workspaceId, ...part],
          );
          messages += Number(m?.n ?? 0);
          readMarkers += Number(r?.n ?? 0);
        }
        return { messages, readMarkers };
      }),
    deleteMessages: (conversationIds, options) =>
      guard("purge.deleteMessages", async () => {
        if (conversationIds.length === 0) return 0;
        // A bounded delete through a sub-select (both dialects accept it): one short statement, so
        // 10,000 messages never hold the write lock for long. The workspace is named inside the
        // sub-select only: repeating it outside makes SQLite walk the whole workspace's messages
        // instead of looking each id up by primary key.
        let deleted = 0;
        for (const part of chunks(conversationIds)) {
          const createdFilter = options.createdUpTo === null ? "" : " AND created_at <= ?";
          const params: TSqlValue[] = [workspaceId, ...part];
          if (options.createdUpTo !== null) params.push(toMs(options.createdUpTo));
          params.push(options.limit - deleted);
          const [changes = 0] = await writeInBackground(db, [
            {
              sql: `DELETE FROM messages WHERE id IN (
                      SELECT id FROM messages WHERE workspace_id = ? AND conversation_id IN (${placeholders(part.length)})${createdFilter}
                      LIMIT ?)`,
              params,
            },
          ]);
          deleted += changes;
          if (deleted >= options.limit) break;
        }
        return deleted;
      }),
    deleteConversations: (conversations) =>
      guard("purge.deleteConversations", async () => {
        const outcome = { deletedIds: [] as string[], messages: 0, readMarkers: 0 };
        if (conversations.length === 0) return outcome;
        // Plain statements, so the batch can run on another connection: each conversation's rows go
        // only while its row still exists with the activity the caller planned on (a visitor who
        // came back keeps the conversation), checked inside the same transaction.
        const statements = conversations.flatMap((conversation) => {
          const unchanged =
            conversation.lastActivityAt === undefined
              ? { sql: "", params: [] as TSqlValue[] }
              : { sql: " AND last_activity_at = ?", params: [toMs(conversation.lastActivityAt)] };
          const isPlanned = {
            sql: `EXISTS (SELECT 1 FROM conversations WHERE workspace_id = ? AND id = ?${unchanged.sql})`,
            params: [workspaceId, conversation.id, ...unchanged.params],
          };
          return [
            {
              sql: `DELETE FROM messages WHERE workspace_id = ? AND conversation_id = ? AND ${isPlanned.sql}`,
              params: [workspaceId, conversation.id, ...isPlanned.params],
            },
            {
              sql: `DELETE FROM conversation_reads WHERE workspace_id = ? AND conversation_id = ? AND ${isPlanned.sql}`,
              params: [workspaceId, conversation.id, ...isPlanned.params],
            },
            {
              sql: `DELETE FROM conversations WHERE workspace_id = ? AND id = ?${unchanged.sql}`,
              params: [workspaceId, conversation.id, ...unchanged.params],
            },
          ];
        });
        const changes = await writeInBackground(db, statements);
        conversations.forEach((conversation, i) => {
          const [messages = 0, readMarkers = 0, rows = 0] = changes.slice(3 * i, 3 * i + 3);
          if (rows === 0) return;
          outcome.deletedIds.push(conversation.id);
          outcome.messages += messages;
          outcome.readMarkers += readMarkers;
        });
        return outcome;
      }),
    deleteVisitorKeys: (keyIds) =>
      guard("purge.deleteVisitorKeys", async () => {
        const changes = await writeInBackground(
          db,
          chunks(keyIds).map((part) => ({
            // The primary key is (workspace_id, id); only the purpose must stay out of the index choice.
            sql: `DELETE FROM data_keys WHERE workspace_id = ? AND purpose || '' = 'visitor' AND id IN (${placeholders(part.length)})`,
            params: [workspaceId, ...part],
          })),
        );
        return changes.reduce((sum, n) => sum + n, 0);
      }),
    deleteVisitors: (ids) =>
      guard("purge.deleteVisitors", async () => {
        const changes = await writeInBackground(
          db,
          chunks(ids).map((part) => ({
            sql: `DELETE FROM visitors WHERE ${IN_WORKSPACE_BY_ID} AND id IN (${placeholders(part.length)})`,
            params: [workspaceId, ...part],
          })),
        );
        return changes.reduce((sum, n) => sum + n, 0);
      }),
  };
}
