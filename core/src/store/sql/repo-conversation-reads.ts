import { AppError } from "../../errors/app-error";
import type { ConversationReadRepo } from "../port";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

function assertSeq(seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new AppError("request.invalid", "A read marker must be a non-negative integer.");
  }
}

/** Read markers of one workspace: one row per (member, conversation), only ever moving forward. */
export function createConversationReadRepo(db: SqlDriver, workspaceId: string): ConversationReadRepo {
  return {
    get: (memberId, conversationId) =>
      guard("read.get", async () => {
        const row = await db.get<{ last_read_seq: number }>(
          "SELECT last_read_seq FROM conversation_reads WHERE workspace_id = ? AND member_id = ? AND conversation_id = ?",
          [workspaceId, memberId, conversationId],
        );
        return row ? Number(row.last_read_seq) : 0;
      }),
    mark: (memberId, conversationId, seq) =>
      guard("read.mark", async () => {
        assertSeq(seq);
        // The WHERE on the upsert keeps a stale tab (marking an older seq) from un-reading messages,
        // in one statement, so two tabs racing cannot move it back either.
        await db.run(
          `INSERT INTO conversation_reads (workspace_id, member_id, conversation_id, last_read_seq) VALUES (?, ?, ?, ?)
           ON CONFLICT (workspace_id, member_id, conversation_id) DO UPDATE SET last_read_seq = excluded.last_read_seq
           WHERE excluded.last_read_seq > conversation_reads.last_read_seq`,
          [workspaceId, memberId, conversationId, seq],
        );
      }),
  };
}
