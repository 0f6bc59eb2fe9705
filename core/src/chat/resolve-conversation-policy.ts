import type { TResolvedPolicy } from "../retention/default-policy";
import { resolvePolicy, type TPolicyTarget } from "../retention/resolve-policy";
import type { TChatDeps } from "./deps";

/** The policy in force for a department and site of a workspace (defaults < workspace < department < site). */
export async function resolveWorkspacePolicy(
  deps: TChatDeps,
  workspaceId: string,
  target: TPolicyTarget,
): Promise<TResolvedPolicy> {
  return resolvePolicy(await deps.store.scoped(workspaceId).policies.list(), target);
}
