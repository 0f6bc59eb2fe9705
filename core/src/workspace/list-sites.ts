import { workspaceOf } from "../chat/chat-actor";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TSite } from "../schemas/site";
import type { TWorkspaceDeps } from "./deps";
import { toSite } from "./site-fields";

/** Every site of the workspace, by name (admins); secrets are never part of the list. */
export async function listSites(deps: TWorkspaceDeps, actor: TMemberActor): Promise<TSite[]> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "site.manage", { type: "workspace", workspaceId });
  return (await deps.store.scoped(workspaceId).sites.list()).map(toSite);
}
