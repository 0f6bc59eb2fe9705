import type { TConversation } from "../../schemas";
import type { ConversationRepo } from "../port";
import {
  asJson,
  asMs,
  asText,
  buildSet,
  fromJson,
  fromMs,
  fromMsOrNull,
  type TColumnCodec,
  toMs,
  toMsOrNull,
} from "./codec";
import type { SqlDriver, TSqlValue } from "./driver";
import { guard } from "./guard";

/** The conversation columns, in the order toConversation reads them. */
export const CONVERSATION_COLUMNS =
  "id, workspace_id, site_id, department_id, visitor_id, status, assignee_id, created_at, last_activity_at, closed_at, slack_link, zendesk_link";

const UPDATABLE: Record<string, TColumnCodec> = {
  status: ["status", asText],
  assigneeId: ["assignee_id", asText],
  departmentId: ["department_id", asText],
  closedAt: ["closed_at", asMs],
  slack: ["slack_link", asJson],
  zendesk: ["zendesk_link", asJson],
};

/** The conversation columns read through the `c` alias of a join. */
const JOINED_COLUMNS = CONVERSATION_COLUMNS.split(", ")
  .map((column) => `c.${column}`)
  .join(", ");

const GET_WITH_VISITOR_KEY_SQL = `SELECT ${JOINED_COLUMNS}, v.key_id AS visitor_key_id FROM conversations c
  LEFT JOIN visitors v ON v.workspace_id = c.workspace_id AND v.id = c.visitor_id
  WHERE c.workspace_id = ? AND c.id = ?`;

const MAX_LIST = 1000;

/** Maps a stored conversation row to its domain shape. */
export function toConversation(row: Record<string, unknown>): TConversation {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    siteId: String(row.site_id),
    departmentId: String(row.department_id),
    visitorId: String(row.visitor_id),
    status: String(row.status) as TConversation["status"],
    assigneeId: row.assignee_id === null ? null : String(row.assignee_id),
    createdAt: fromMs(row.created_at),
    lastActivityAt: fromMs(row.last_activity_at),
    closedAt: fromMsOrNull(row.closed_at),
    slack: row.slack_link === null ? null : fromJson(row.slack_link),
    zendesk: row.zendesk_link === null ? null : fromJson(row.zendesk_link),
  };
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}

export function createConversationRepo(db: SqlDriver, workspaceId: string): ConversationRepo {
  const get = (id: string) =>
    guard("conversation.get", async () => {
      const row = await db.get(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE workspace_id = ? AND id = ?`,
        [workspaceId, id],
      );
      return row ? toConversation(row) : null;
    });
  return {
    get,
    getWithVisitorKey: (id) =>
      guard("conversation.getWithVisitorKey", async () => {
        // One statement instead of two on every send (each read outside a transaction pays its
        // own WAL read snapshot); both rows are matched within the workspace.
        const row = await db.get(GET_WITH_VISITOR_KEY_SQL, [workspaceId, id]);
        if (!row) return null;
        const visitorKeyId = row.visitor_key_id == null ? null : String(row.visitor_key_id);
        return { conversation: toConversation(row), visitorKeyId };
      }),
    create: (input) =>
      guard("conversation.create", async () => {
        await db.run(
          `INSERT INTO conversations (${CONVERSATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            input.id,
            workspaceId,
            input.siteId,
            input.departmentId,
            input.visitorId,
            input.status,
            input.assigneeId,
            toMs(input.createdAt),
            toMs(input.lastActivityAt),
            toMsOrNull(input.closedAt),
            input.slack ? JSON.stringify(input.slack) : null,
            input.zendesk ? JSON.stringify(input.zendesk) : null,
          ],
        );
        return { ...input, workspaceId };
      }),
    list: (filter = {}) =>
      guard("conversation.list", async () => {
        const where = ["workspace_id = ?"];
        const params: TSqlValue[] = [workspaceId];
        if (filter.departmentIds) {
          if (filter.departmentIds.length === 0) return [];
          where.push(`department_id IN (${placeholders(filter.departmentIds.length)})`);
          params.push(...filter.departmentIds);
        }
        if (filter.statuses) {
          if (filter.statuses.length === 0) return [];
          where.push(`status IN (${placeholders(filter.statuses.length)})`);
          params.push(...filter.statuses);
        }
        if (filter.assigneeId !== undefined) {
          where.push(filter.assigneeId === null ? "assignee_id IS NULL" : "assignee_id = ?");
          if (filter.assigneeId !== null) params.push(filter.assigneeId);
        }
        if (filter.visitorId !== undefined) {
          where.push("visitor_id = ?");
          params.push(filter.visitorId);
        }
        params.push(Math.min(filter.limit ?? MAX_LIST, MAX_LIST));
        const rows = await db.all(
          `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE ${where.join(" AND ")} ORDER BY last_activity_at DESC, id LIMIT ?`,
          params,
        );
        return rows.map(toConversation);
      }),
    update: (id, patch) =>
      guard("conversation.update", async () => {
        const set = buildSet(UPDATABLE, patch);
        if (set)
          await db.run(`UPDATE conversations SET ${set.sql} WHERE workspace_id = ? AND id = ?`, [
            ...set.params,
            workspaceId,
            id,
          ]);
        return get(id);
      }),
    delete: (id) =>
      guard("conversation.delete", () =>
        db.transaction(async (tx) => {
          await tx.run("DELETE FROM messages WHERE workspace_id = ? AND conversation_id = ?", [
            workspaceId,
            id,
          ]);
          // Read markers hold ids only, but nothing may outlive the conversation it points at.
          await tx.run("DELETE FROM conversation_reads WHERE workspace_id = ? AND conversation_id = ?", [
            workspaceId,
            id,
          ]);
          const r = await tx.run("DELETE FROM conversations WHERE workspace_id = ? AND id = ?", [
            workspaceId,
            id,
          ]);
          return r.changes > 0;
        }),
      ),
    listInactiveSince: (before, limit) =>
      guard("conversation.listInactiveSince", async () =>
        (
          await db.all(
            `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE workspace_id = ? AND last_activity_at < ? ORDER BY last_activity_at, id LIMIT ?`,
            [workspaceId, toMs(before), limit],
          )
        ).map(toConversation),
      ),
  };
}
