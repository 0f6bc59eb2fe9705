import type { SiteRepo, TSiteRow } from "../port";
import {
  asBytes,
  asJson,
  asText,
  buildSet,
  fromJson,
  fromMs,
  type TColumnCodec,
  toBytesOrNull,
  toMs,
} from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

const COLUMNS =
  "id, workspace_id, name, site_key, allowed_domains, consent_mode, privacy_policy_url, default_department_id, key_id, identity_secret_cipher, created_at";

const UPDATABLE: Record<string, TColumnCodec> = {
  name: ["name", asText],
  allowedDomains: ["allowed_domains", asJson],
  consentMode: ["consent_mode", asText],
  privacyPolicyUrl: ["privacy_policy_url", asText],
  defaultDepartmentId: ["default_department_id", asText],
  keyId: ["key_id", asText],
  identitySecretCipher: ["identity_secret_cipher", asBytes],
};

/** Maps a stored site row to its domain shape. */
export function toSiteRow(row: Record<string, unknown>): TSiteRow {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    name: String(row.name),
    siteKey: String(row.site_key),
    allowedDomains: fromJson<string[]>(row.allowed_domains),
    consentMode: String(row.consent_mode) as TSiteRow["consentMode"],
    privacyPolicyUrl: row.privacy_policy_url === null ? null : String(row.privacy_policy_url),
    defaultDepartmentId: row.default_department_id === null ? null : String(row.default_department_id),
    keyId: String(row.key_id),
    identitySecretCipher: toBytesOrNull(row.identity_secret_cipher),
    createdAt: fromMs(row.created_at),
  };
}

export const SITE_COLUMNS = COLUMNS;

export function createSiteRepo(db: SqlDriver, workspaceId: string): SiteRepo {
  const get = (id: string) =>
    guard("site.get", async () => {
      const row = await db.get(`SELECT ${COLUMNS} FROM sites WHERE workspace_id = ? AND id = ?`, [
        workspaceId,
        id,
      ]);
      return row ? toSiteRow(row) : null;
    });
  return {
    get,
    create: (input) =>
      guard("site.create", async () => {
        await db.run(`INSERT INTO sites (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
          input.id,
          workspaceId,
          input.name,
          input.siteKey,
          JSON.stringify(input.allowedDomains),
          input.consentMode,
          input.privacyPolicyUrl,
          input.defaultDepartmentId,
          input.keyId,
          input.identitySecretCipher,
          toMs(input.createdAt),
        ]);
        return { ...input, workspaceId };
      }),
    list: () =>
      guard("site.list", async () =>
        (
          await db.all(`SELECT ${COLUMNS} FROM sites WHERE workspace_id = ? ORDER BY name, id`, [workspaceId])
        ).map(toSiteRow),
      ),
    update: (id, patch) =>
      guard("site.update", async () => {
        const set = buildSet(UPDATABLE, patch);
        if (set)
          await db.run(`UPDATE sites SET ${set.sql} WHERE workspace_id = ? AND id = ?`, [
            ...set.params,
            workspaceId,
            id,
          ]);
        return get(id);
      }),
    delete: (id) =>
      guard("site.delete", async () => {
        const r = await db.run("DELETE FROM sites WHERE workspace_id = ? AND id = ?", [workspaceId, id]);
        return r.changes > 0;
      }),
  };
}
