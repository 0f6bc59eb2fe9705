import type { TResolvedPolicy } from "../retention/default-policy";
import { resolvePolicy, type TPolicyTarget } from "../retention/resolve-policy";
import { deepFreeze } from "../schemas/deep-freeze";
import type { TPolicy } from "../schemas/policy";
import type { TChatDeps } from "./deps";

/** Resolutions per policy list: the store hands out the same list until a policy changes. */
const resolved = new WeakMap<readonly TPolicy[], Map<string, TResolvedPolicy>>();

/** The policy in force for a department and site of a workspace (defaults < workspace < department < site). */
export async function resolveWorkspacePolicy(
  deps: TChatDeps,
  workspaceId: string,
  target: TPolicyTarget,
): Promise<TResolvedPolicy> {
  const policies = await deps.store.scoped(workspaceId).policies.list();
  let byTarget = resolved.get(policies);
  if (byTarget === undefined) {
    byTarget = new Map();
    resolved.set(policies, byTarget);
  }
  const key = `${target.departmentId ?? ""}|${target.siteId ?? ""}`;
  let policy = byTarget.get(key);
  if (policy === undefined) {
    policy = deepFreeze(resolvePolicy(policies, target));
    // Bounded: a workspace has as many targets as department × site pairs in use.
    if (byTarget.size >= 1000) byTarget.clear();
    byTarget.set(key, policy);
  }
  return policy;
}
