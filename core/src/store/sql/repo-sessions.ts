import type { MemberSessionRepo, TMemberSessionRow } from "../port";
import { fromMs, fromMsOrNull, toMs, toMsOrNull } from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

const COLUMNS = "id, member_id, token_hash, user_agent, ip, created_at, last_seen_at, expires_at, revoked_at";

function toSession(row: Record<string, unknown>): TMemberSessionRow {
  return {
    id: String(row.id),
    memberId: String(row.member_id),
    tokenHash: String(row.token_hash),
    userAgent: String(row.user_agent),
    ip: row.ip === null ? null : String(row.ip),
    createdAt: fromMs(row.created_at),
    lastSeenAt: fromMs(row.last_seen_at),
    expiresAt: fromMs(row.expires_at),
    revokedAt: fromMsOrNull(row.revoked_at),
  };
}

/** Agent sessions of one workspace (table member_sessions). */
export function createMemberSessionRepo(db: SqlDriver, workspaceId: string): MemberSessionRepo {
  return {
    create: (input) =>
      guard("session.create", async () => {
        await db.run(
          `INSERT INTO member_sessions (workspace_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            workspaceId,
            input.id,
            input.memberId,
            input.tokenHash,
            input.userAgent,
            input.ip,
            toMs(input.createdAt),
            toMs(input.lastSeenAt),
            toMs(input.expiresAt),
            toMsOrNull(input.revokedAt),
          ],
        );
        return { ...input };
      }),
    get: (id) =>
      guard("session.get", async () => {
        const row = await db.get(`SELECT ${COLUMNS} FROM member_sessions WHERE workspace_id = ? AND id = ?`, [
          workspaceId,
          id,
        ]);
        return row ? toSession(row) : null;
      }),
    findByTokenHash: (tokenHash) =>
      guard("session.findByTokenHash", async () => {
        const row = await db.get(
          `SELECT ${COLUMNS} FROM member_sessions WHERE workspace_id = ? AND token_hash = ?`,
          [workspaceId, tokenHash],
        );
        return row ? toSession(row) : null;
      }),
    listActiveByMember: (memberId) =>
      guard("session.listActiveByMember", async () =>
        (
          await db.all(
            `SELECT ${COLUMNS} FROM member_sessions WHERE workspace_id = ? AND member_id = ? AND revoked_at IS NULL
             ORDER BY last_seen_at DESC, id`,
            [workspaceId, memberId],
          )
        ).map(toSession),
      ),
    touch: (id, lastSeenAt) =>
      guard("session.touch", async () => {
        await db.run(
          "UPDATE member_sessions SET last_seen_at = ? WHERE workspace_id = ? AND id = ? AND last_seen_at < ?",
          [toMs(lastSeenAt), workspaceId, id, toMs(lastSeenAt)],
        );
      }),
    revoke: (id, at) =>
      guard("session.revoke", async () => {
        const result = await db.run(
          "UPDATE member_sessions SET revoked_at = ? WHERE workspace_id = ? AND id = ? AND revoked_at IS NULL",
          [toMs(at), workspaceId, id],
        );
        return result.changes > 0;
      }),
    revokeAllOfMember: (memberId, at, options) =>
      guard("session.revokeAllOfMember", async () =>
        db.transaction(async (tx) => {
          const rows = await tx.all<{ id: string }>(
            "SELECT id FROM member_sessions WHERE workspace_id = ? AND member_id = ? AND revoked_at IS NULL",
            [workspaceId, memberId],
          );
          const ids = rows.map((row) => String(row.id)).filter((id) => id !== options?.exceptId);
          for (const id of ids) {
            await tx.run("UPDATE member_sessions SET revoked_at = ? WHERE workspace_id = ? AND id = ?", [
              toMs(at),
              workspaceId,
              id,
            ]);
          }
          return ids;
        }),
      ),
    deleteEndedBefore: (before) =>
      guard("session.deleteEndedBefore", async () => {
        const result = await db.run(
          "DELETE FROM member_sessions WHERE workspace_id = ? AND (revoked_at < ? OR expires_at < ?)",
          [workspaceId, toMs(before), toMs(before)],
        );
        return result.changes;
      }),
  };
}
