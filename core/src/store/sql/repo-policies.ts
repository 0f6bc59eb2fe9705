import { type TPolicy, type TPolicyScope, type TPolicySettings, ZPolicySettings } from "../../schemas";
import { deepFreeze } from "../../schemas/deep-freeze";
import type { PolicyRepo } from "../port";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

function scopeKey(scope: TPolicyScope): [string, string] {
  return [scope.type, scope.type === "workspace" ? "" : scope.id];
}

function toScope(type: unknown, id: unknown): TPolicyScope {
  if (type === "department" || type === "site") return { type, id: String(id) };
  return { type: "workspace" };
}

export function createPolicyRepo(db: SqlDriver, workspaceId: string): PolicyRepo {
  const toPolicy = (row: Record<string, unknown>): TPolicy => ({
    workspaceId,
    scope: toScope(row.scope_type, row.scope_id),
    // Parsed on the way out too: a row edited by hand must not smuggle in an unknown setting.
    settings: ZPolicySettings.parse(JSON.parse(String(row.settings))),
  });
  // Every chat message resolves its policy, so list() is read each time (always current) but
  // parsed only when the rows differ from the previous read; the same frozen list is then handed
  // out again, which also lets resolvePolicy's callers memoize on it.
  let last: { key: string; policies: readonly TPolicy[] } | null = null;
  return {
    get: (scope) =>
      guard("policy.get", async () => {
        const row = await db.get(
          "SELECT scope_type, scope_id, settings FROM policies WHERE workspace_id = ? AND scope_type = ? AND scope_id = ?",
          [workspaceId, ...scopeKey(scope)],
        );
        return row ? toPolicy(row) : null;
      }),
    put: (scope, settings: TPolicySettings) =>
      guard("policy.put", async () => {
        const clean = ZPolicySettings.parse(settings);
        await db.run(
          `INSERT INTO policies (workspace_id, scope_type, scope_id, settings, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (workspace_id, scope_type, scope_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
          [workspaceId, ...scopeKey(scope), JSON.stringify(clean), Date.now()],
        );
        return { workspaceId, scope, settings: clean };
      }),
    delete: (scope) =>
      guard("policy.delete", async () => {
        const r = await db.run(
          "DELETE FROM policies WHERE workspace_id = ? AND scope_type = ? AND scope_id = ?",
          [workspaceId, ...scopeKey(scope)],
        );
        return r.changes > 0;
      }),
    list: () =>
      guard("policy.list", async () => {
        const rows = await db.all(
          "SELECT scope_type, scope_id, settings FROM policies WHERE workspace_id = ? ORDER BY scope_type, scope_id",
          [workspaceId],
        );
        const key = JSON.stringify(rows.map((r) => [r.scope_type, r.scope_id, r.settings]));
        if (last?.key !== key) last = { key, policies: deepFreeze(rows.map(toPolicy)) };
        return last.policies as TPolicy[];
      }),
  };
}
