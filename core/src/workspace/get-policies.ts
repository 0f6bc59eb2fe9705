import { workspaceOf } from "../chat/chat-actor";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TPolicy } from "../schemas/policy";
import type { TWorkspaceDeps } from "./deps";

/** Every policy layer of the workspace as set (admins and managers); unset fields fall to the defaults. */
export async function getPolicies(deps: TWorkspaceDeps, actor: TMemberActor): Promise<TPolicy[]> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "policy.read", { type: "workspace", workspaceId });
  return deps.store.scoped(workspaceId).policies.list();
}
