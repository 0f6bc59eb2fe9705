import { z } from "zod";
import { canonicalizeJson } from "../audit/canonical-json";
import { workspaceOf } from "../chat/chat-actor";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import {
  type TPolicy,
  type TPolicyScope,
  type TPolicySettings,
  ZPolicyScope,
  ZPolicySettings,
} from "../schemas/policy";
import type { TWorkspaceDeps } from "./deps";

/**
 * Policy settings as an admin sends them: an unknown top-level setting is refused rather than
 * silently dropped, so a misspelt "legalHold" cannot look saved while protecting nothing.
 */
export const ZPutPolicySettings = z.strictObject(ZPolicySettings.shape);

/**
 * Replaces the settings of one policy layer (admins): the workspace, a department or a site of it
 * (request.invalid if there is no such department or site). Audited with the names of the
 * top-level settings that changed.
 */
export async function putPolicy(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  scope: TPolicyScope,
  settings: TPolicySettings,
): Promise<TPolicy> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "policy.manage", { type: "workspace", workspaceId });
  const input = parseInput(z.object({ scope: ZPolicyScope, settings: ZPutPolicySettings }), {
    scope,
    settings,
  });
  const store = deps.store.scoped(workspaceId);
  if (input.scope.type === "department" && !(await store.departments.get(input.scope.id))) {
    throw new AppError("request.invalid", "scope.id: no such department.");
  }
  if (input.scope.type === "site" && !(await store.sites.get(input.scope.id))) {
    throw new AppError("request.invalid", "scope.id: no such site.");
  }
  const before = (await store.policies.get(input.scope))?.settings ?? {};
  const saved = await store.policies.put(input.scope, input.settings);
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "policy.update",
    resource: { type: "policy", id: input.scope.type === "workspace" ? workspaceId : input.scope.id },
    details: {
      scopeType: input.scope.type,
      changedKeys: changedKeys(before, saved.settings),
    },
  });
  return saved;
}

function changedKeys(before: TPolicySettings, after: TPolicySettings): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof TPolicySettings>;
  return [...keys]
    .filter((key) => canonicalizeJson(before[key] ?? null) !== canonicalizeJson(after[key] ?? null))
    .sort();
}
