import type { MemberRepo, TMemberRow } from "../port";
import {
  asBytes,
  asFlag,
  asJson,
  asMs,
  asText,
  buildSet,
  fromFlag,
  fromJson,
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
  "id, workspace_id, email, name, role, department_ids, status, two_factor_enabled, password_hash, key_id, totp_secret_cipher, created_at, last_sign_in_at";

const UPDATABLE: Record<string, TColumnCodec> = {
  email: ["email", (v: string) => v.toLowerCase()],
  name: ["name", asText],
  role: ["role", asText],
  departmentIds: ["department_ids", asJson],
  status: ["status", asText],
  twoFactorEnabled: ["two_factor_enabled", asFlag],
  passwordHash: ["password_hash", asText],
  keyId: ["key_id", asText],
  totpSecretCipher: ["totp_secret_cipher", asBytes],
  lastSignInAt: ["last_sign_in_at", asMs],
};

function toMember(row: Record<string, unknown>): TMemberRow {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    email: String(row.email),
    name: String(row.name),
    role: String(row.role) as TMemberRow["role"],
    departmentIds: fromJson<string[]>(row.department_ids),
    status: String(row.status) as TMemberRow["status"],
    twoFactorEnabled: fromFlag(row.two_factor_enabled),
    passwordHash: row.password_hash === null ? null : String(row.password_hash),
    keyId: row.key_id === null ? null : String(row.key_id),
    totpSecretCipher: toBytesOrNull(row.totp_secret_cipher),
    createdAt: fromMs(row.created_at),
    lastSignInAt: fromMsOrNull(row.last_sign_in_at),
  };
}

export function createMemberRepo(db: SqlDriver, workspaceId: string): MemberRepo {
  const get = (id: string) =>
    guard("member.get", async () => {
      const row = await db.get(`SELECT ${COLUMNS} FROM members WHERE workspace_id = ? AND id = ?`, [
        workspaceId,
        id,
      ]);
      return row ? toMember(row) : null;
    });
  return {
    get,
    create: (input) =>
      guard("member.create", async () => {
        const email = input.email.toLowerCase();
        await db.run(`INSERT INTO members (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
          input.id,
          workspaceId,
          email,
          input.name,
          input.role,
          JSON.stringify(input.departmentIds),
          input.status,
          toFlag(input.twoFactorEnabled),
          input.passwordHash,
          input.keyId,
          input.totpSecretCipher,
          toMs(input.createdAt),
          toMsOrNull(input.lastSignInAt),
        ]);
        return { ...input, email, workspaceId };
      }),
    findByEmail: (email) =>
      guard("member.findByEmail", async () => {
        const row = await db.get(`SELECT ${COLUMNS} FROM members WHERE workspace_id = ? AND email = ?`, [
          workspaceId,
          email.trim().toLowerCase(),
        ]);
        return row ? toMember(row) : null;
      }),
    list: () =>
      guard("member.list", async () =>
        (
          await db.all(`SELECT ${COLUMNS} FROM members WHERE workspace_id = ? ORDER BY name, id`, [
            workspaceId,
          ])
        ).map(toMember),
      ),
    update: (id, patch) =>
      guard("member.update", async () => {
        const set = buildSet(UPDATABLE, patch);
        if (set)
          await db.run(`UPDATE members SET ${set.sql} WHERE workspace_id = ? AND id = ?`, [
            ...set.params,
            workspaceId,
            id,
          ]);
        return get(id);
      }),
  };
}
