import type { TVisitorRow, VisitorRepo } from "../port";
import {
  asBytes,
  asFlag,
  asMs,
  asText,
  buildSet,
  fromFlag,
  fromMs,
  fromMsOrNull,
  type TColumnCodec,
  toBytesOrNull,
  toFlag,
  toMs,
  toMsOrNull,
} from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

const COLUMNS =
  "id, site_id, key_id, email_cipher, email_index, name_cipher, ip_cipher, identity_verified, consent_functional, consent_updated_at, created_at, last_seen_at";

const UPDATABLE: Record<string, TColumnCodec> = {
  keyId: ["key_id", asText],
  emailCipher: ["email_cipher", asBytes],
  emailIndex: ["email_index", asText],
  nameCipher: ["name_cipher", asBytes],
  ipCipher: ["ip_cipher", asBytes],
  identityVerified: ["identity_verified", asFlag],
  consentFunctional: ["consent_functional", asFlag],
  consentUpdatedAt: ["consent_updated_at", asMs],
  lastSeenAt: ["last_seen_at", asMs],
};

function toVisitor(row: Record<string, unknown>): TVisitorRow {
  return {
    id: String(row.id),
    siteId: String(row.site_id),
    keyId: String(row.key_id),
    emailCipher: toBytesOrNull(row.email_cipher),
    emailIndex: row.email_index === null ? null : String(row.email_index),
    nameCipher: toBytesOrNull(row.name_cipher),
    ipCipher: toBytesOrNull(row.ip_cipher),
    identityVerified: fromFlag(row.identity_verified),
    consentFunctional: fromFlag(row.consent_functional),
    consentUpdatedAt: fromMsOrNull(row.consent_updated_at),
    createdAt: fromMs(row.created_at),
    lastSeenAt: fromMs(row.last_seen_at),
  };
}

export function createVisitorRepo(db: SqlDriver, workspaceId: string): VisitorRepo {
  const get = (id: string) =>
    guard("visitor.get", async () => {
      const row = await db.get(`SELECT ${COLUMNS} FROM visitors WHERE workspace_id = ? AND id = ?`, [
        workspaceId,
        id,
      ]);
      return row ? toVisitor(row) : null;
    });
  return {
    get,
    create: (input) =>
      guard("visitor.create", async () => {
        await db.run(
          `INSERT INTO visitors (workspace_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            workspaceId,
            input.id,
            input.siteId,
            input.keyId,
            input.emailCipher,
            input.emailIndex,
            input.nameCipher,
            input.ipCipher,
            toFlag(input.identityVerified),
            toFlag(input.consentFunctional),
            toMsOrNull(input.consentUpdatedAt),
            toMs(input.createdAt),
            toMs(input.lastSeenAt),
          ],
        );
        return input;
      }),
    findByEmailIndex: (emailIndex) =>
      guard("visitor.findByEmailIndex", async () =>
        (
          await db.all(
            `SELECT ${COLUMNS} FROM visitors WHERE workspace_id = ? AND email_index = ? ORDER BY created_at, id`,
            [workspaceId, emailIndex],
          )
        ).map(toVisitor),
      ),
    update: (id, patch) =>
      guard("visitor.update", async () => {
        const set = buildSet(UPDATABLE, patch);
        if (set)
          await db.run(`UPDATE visitors SET ${set.sql} WHERE workspace_id = ? AND id = ?`, [
            ...set.params,
            workspaceId,
            id,
          ]);
        return get(id);
      }),
    delete: (id) =>
      guard("visitor.delete", async () => {
        const r = await db.run("DELETE FROM visitors WHERE workspace_id = ? AND id = ?", [workspaceId, id]);
        return r.changes > 0;
      }),
    listLastSeenBefore: (before, limit) =>
      guard("visitor.listLastSeenBefore", async () =>
        (
          await db.all(
            `SELECT ${COLUMNS} FROM visitors WHERE workspace_id = ? AND last_seen_at < ? ORDER BY last_seen_at, id LIMIT ?`,
            [workspaceId, toMs(before), limit],
          )
        ).map(toVisitor),
      ),
  };
}
