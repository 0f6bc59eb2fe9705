import type { InstallationRepo, TInstallationRow } from "../port";
import { fromMs, toBytes, toMs } from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

const COLUMNS = "id, workspace_id, platform, external_id, name, key_id, credentials_cipher, created_at";

function toInstallation(row: Record<string, unknown>): TInstallationRow {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    platform: String(row.platform) as TInstallationRow["platform"],
    externalId: String(row.external_id),
    name: String(row.name),
    keyId: String(row.key_id),
    credentialsCipher: toBytes(row.credentials_cipher),
    createdAt: fromMs(row.created_at),
  };
}

export function createInstallationRepo(db: SqlDriver, workspaceId: string): InstallationRepo {
  return {
    create: (input) =>
      guard("installation.create", async () => {
        await db.run(`INSERT INTO installations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
          input.id,
          workspaceId,
          input.platform,
          input.externalId,
          input.name,
          input.keyId,
          input.credentialsCipher,
          toMs(input.createdAt),
        ]);
        return { ...input, workspaceId };
      }),
    get: (id) =>
      guard("installation.get", async () => {
        const row = await db.get(`SELECT ${COLUMNS} FROM installations WHERE workspace_id = ? AND id = ?`, [
          workspaceId,
          id,
        ]);
        return row ? toInstallation(row) : null;
      }),
    list: () =>
      guard("installation.list", async () =>
        (
          await db.all(
            `SELECT ${COLUMNS} FROM installations WHERE workspace_id = ? ORDER BY created_at, id`,
            [workspaceId],
          )
        ).map(toInstallation),
      ),
    delete: (id) =>
      guard("installation.delete", async () => {
        const r = await db.run("DELETE FROM installations WHERE workspace_id = ? AND id = ?", [
          workspaceId,
          id,
        ]);
        return r.changes > 0;
      }),
  };
}
