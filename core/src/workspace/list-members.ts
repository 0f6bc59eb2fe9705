import { workspaceOf } from "../chat/chat-actor";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TMember } from "../schemas/member";
import type { TWorkspaceDeps } from "./deps";
import { toPublicMember } from "./to-public-member";

/** The member directory (every active member may read it): public shape only, never a hash or TOTP secret. */
export async function listMembers(deps: TWorkspaceDeps, actor: TMemberActor): Promise<TMember[]> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "member.read", { type: "workspace", workspaceId });
  return (await deps.store.scoped(workspaceId).members.list()).map(toPublicMember);
}
