import { workspaceOf } from "../chat/chat-actor";
import type { TInstallationActor, TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TDepartment } from "../schemas/department";
import type { TWorkspaceDeps } from "./deps";

/**
 * Every department of the workspace, by name. Anyone who may open the conversation list may see
 * them (every active member, and plugins): transferring a chat needs the names of the others.
 */
export async function listDepartments(
  deps: TWorkspaceDeps,
  actor: TMemberActor | TInstallationActor,
): Promise<TDepartment[]> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "conversation.list", { type: "workspace", workspaceId });
  return deps.store.scoped(workspaceId).departments.list();
}
