import { AppError } from "../../errors/app-error";
import type { TMessageAuthor } from "../../schemas";
import type { MessageRepo, TMessageRow } from "../port";
import { fromMs, toBytes, toMs } from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

const COLUMNS =
  "id, conversation_id, seq, author_type, author_id, key_id, body_cipher, created_at, client_message_id";
const MAX_PAGE = 500;
// Built once: the driver finds its prepared statement by the SQL text, and a string built anew on
// every call is hashed and compared in full each time.
const BUMP_SEQ_SQL =
  "UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = ? WHERE workspace_id = ? AND id = ? RETURNING last_seq";
const INSERT_SQL = `INSERT INTO messages (workspace_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function toAuthor(type: unknown, id: unknown): TMessageAuthor {
  if (type === "system") return { type: "system" };
  return { type: type === "member" ? "member" : "visitor", id: String(id) };
}

function toMessage(row: Record<string, unknown>): TMessageRow {
  return {
    id: String(row.id),
    conversationId: String(row.conversation_id),
    seq: Number(row.seq),
    author: toAuthor(row.author_type, row.author_id),
    keyId: String(row.key_id),
    bodyCipher: toBytes(row.body_cipher),
    createdAt: fromMs(row.created_at),
    clientMessageId: row.client_message_id == null ? null : String(row.client_message_id),
  };
}

export function createMessageRepo(db: SqlDriver, workspaceId: string): MessageRepo {
  return {
    append: (input) =>
      guard("message.append", () =>
        db.transaction(async (tx) => {
          // The conversation row hands out sequence numbers, so concurrent appends never collide
          // and a reconnecting client can resume with "everything after seq N".
          const bumped = await tx.get<{ last_seq: number }>(BUMP_SEQ_SQL, [
            toMs(input.createdAt),
            workspaceId,
            input.conversationId,
          ]);
          if (!bumped) throw new AppError("resource.not_found", "Conversation not found.");
          const seq = Number(bumped.last_seq);
          // A client_message_id this author already used breaks messages_client_id (a unique
          // violation, so resource.conflict): the seq bump above rolls back with it.
          await tx.run(INSERT_SQL, [
            workspaceId,
            input.id,
            input.conversationId,
            seq,
            input.author.type,
            input.author.type === "system" ? null : input.author.id,
            input.keyId,
            input.bodyCipher,
            toMs(input.createdAt),
            input.clientMessageId ?? null,
          ]);
          return { ...input, clientMessageId: input.clientMessageId ?? null, seq };
        }),
      ),
    list: (conversationId, options = {}) =>
      guard("message.list", async () =>
        (
          await db.all(
            `SELECT ${COLUMNS} FROM messages WHERE workspace_id = ? AND conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
            [
              workspaceId,
              conversationId,
              options.afterSeq ?? 0,
              Math.min(options.limit ?? MAX_PAGE, MAX_PAGE),
            ],
          )
        ).map(toMessage),
      ),
    findByClientMessageId: (author, clientMessageId) =>
      guard("message.find", async () => {
        if (author.type === "system") return null;
        const row = await db.get<Record<string, unknown>>(
          `SELECT ${COLUMNS} FROM messages WHERE workspace_id = ? AND author_type = ? AND author_id = ? AND client_message_id = ?`,
          [workspaceId, author.type, author.id, clientMessageId],
        );
        return row === undefined ? null : toMessage(row);
      }),
    count: (conversationId) =>
      guard("message.count", async () => {
        const row = await db.get<{ n: number }>(
          "SELECT COUNT(*) AS n FROM messages WHERE workspace_id = ? AND conversation_id = ?",
          [workspaceId, conversationId],
        );
        return Number(row?.n ?? 0);
      }),
  };
}
