import type { RecoveryCodeRepo } from "../port";
import { toMs } from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

/** Recovery code hashes of one workspace's members (table member_recovery_codes). */
export function createRecoveryCodeRepo(db: SqlDriver, workspaceId: string): RecoveryCodeRepo {
  return {
    replace: (memberId, codeHashes) =>
      guard("recoveryCode.replace", async () => {
        // One transaction: a crash halfway must not leave the member with no codes, or old and new mixed.
        await db.transaction(async (tx) => {
          await tx.run("DELETE FROM member_recovery_codes WHERE workspace_id = ? AND member_id = ?", [
            workspaceId,
            memberId,
          ]);
          for (const codeHash of new Set(codeHashes)) {
            await tx.run(
              "INSERT INTO member_recovery_codes (workspace_id, member_id, code_hash, used_at) VALUES (?, ?, ?, NULL)",
              [workspaceId, memberId, codeHash],
            );
          }
        });
      }),
    consume: (memberId, codeHash, at) =>
      guard("recoveryCode.consume", async () => {
        // The `used_at IS NULL` condition makes two racing sign-ins with one code succeed once.
        const result = await db.run(
          "UPDATE member_recovery_codes SET used_at = ? WHERE workspace_id = ? AND member_id = ? AND code_hash = ? AND used_at IS NULL",
          [toMs(at), workspaceId, memberId, codeHash],
        );
        return result.changes > 0;
      }),
    countUnused: (memberId) =>
      guard("recoveryCode.countUnused", async () => {
        const row = await db.get<{ n: unknown }>(
          "SELECT COUNT(*) AS n FROM member_recovery_codes WHERE workspace_id = ? AND member_id = ? AND used_at IS NULL",
          [workspaceId, memberId],
        );
        return Number(row?.n ?? 0);
      }),
    deleteAll: (memberId) =>
      guard("recoveryCode.deleteAll", async () => {
        const result = await db.run(
          "DELETE FROM member_recovery_codes WHERE workspace_id = ? AND member_id = ?",
          [workspaceId, memberId],
        );
        return result.changes;
      }),
  };
}
