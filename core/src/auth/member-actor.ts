import type { TMemberActor } from "../rbac/actors";
import type { TMemberRow } from "../store/port";

/** The actor for a member, built from their row as it is now (so a demotion applies on the next request). */
export function toMemberActor(member: TMemberRow): TMemberActor {
  return {
    type: "member",
    workspaceId: member.workspaceId,
    memberId: member.id,
    role: member.role,
    departmentIds: [...member.departmentIds],
    status: member.status,
  };
}
