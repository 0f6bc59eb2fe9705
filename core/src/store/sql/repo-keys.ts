import type { KeyStore, TKeyPurpose, TWrappedKey } from "../../crypto/key-store";
import { fromMs, toBytes, toMs } from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

const COLUMNS = "workspace_id, id, purpose, owner_id, kek_id, wrapped, created_at";

function toKey(row: Record<string, unknown>): TWrappedKey {
  return {
    workspaceId: String(row.workspace_id),
    id: String(row.id),
    purpose: String(row.purpose) as TKeyPurpose,
    ownerId: row.owner_id === null ? null : String(row.owner_id),
    kekId: String(row.kek_id),
    wrapped: toBytes(row.wrapped),
    createdAt: fromMs(row.created_at),
  };
}

/** The wrapped-data-key table as the crypto module's KeyStore port. */
export function createSqlKeyStore(db: SqlDriver): KeyStore {
  return {
    insertKey: (key) =>
      guard("key.insert", async () => {
        await db.run(`INSERT INTO data_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
          key.workspaceId,
          key.id,
          key.purpose,
          key.ownerId,
          key.kekId,
          key.wrapped,
          toMs(key.createdAt),
        ]);
      }),
    findKey: (workspaceId, id) =>
      guard("key.find", async () => {
        const row = await db.get(`SELECT ${COLUMNS} FROM data_keys WHERE workspace_id = ? AND id = ?`, [
          workspaceId,
          id,
        ]);
        return row ? toKey(row) : null;
      }),
    findKeyByOwner: (workspaceId, purpose, ownerId) =>
      guard("key.findByOwner", async () => {
        const row = await db.get(
          `SELECT ${COLUMNS} FROM data_keys WHERE workspace_id = ? AND purpose = ? AND COALESCE(owner_id, '') = ?`,
          [workspaceId, purpose, ownerId ?? ""],
        );
        return row ? toKey(row) : null;
      }),
    destroyKey: (workspaceId, id) =>
      guard("key.destroy", async () => {
        const r = await db.run("DELETE FROM data_keys WHERE workspace_id = ? AND id = ?", [workspaceId, id]);
        return r.changes > 0;
      }),
    listKeysNotWrappedBy: (kekId, limit) =>
      guard("key.listNotWrappedBy", async () =>
        (
          await db.all(
            `SELECT ${COLUMNS} FROM data_keys WHERE kek_id <> ? ORDER BY workspace_id, id LIMIT ?`,
            [kekId, limit],
          )
        ).map(toKey),
      ),
    updateWrapping: (workspaceId, id, kekId, wrapped) =>
      guard("key.updateWrapping", async () => {
        await db.run("UPDATE data_keys SET kek_id = ?, wrapped = ? WHERE workspace_id = ? AND id = ?", [
          kekId,
          wrapped,
          workspaceId,
          id,
        ]);
      }),
  };
}
