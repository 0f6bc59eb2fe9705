import { z } from "zod";
import { workspaceOf } from "../chat/chat-actor";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import { ZDisplayName, ZRole } from "../schemas/common";
import type { TMember } from "../schemas/member";
import type { TMemberRow } from "../store/port";
import type { TWorkspaceDeps } from "./deps";
import { assertDepartmentsExist, assertNotLastActiveAdmin, ZMemberDepartmentIds } from "./member-fields";
import { toPublicMember } from "./to-public-member";

/** Input of `updateMember`: only the fields present change. */
export const ZUpdateMemberInput = z.object({
  memberId: z.string().max(200),
  role: ZRole.optional(),
  departmentIds: ZMemberDepartmentIds.optional(),
  name: ZDisplayName.optional(),
});
/** `ZUpdateMemberInput` as callers pass it, before validation. */
export type TUpdateMemberInput = z.input<typeof ZUpdateMemberInput>;

/**
 * Changes a member's role, departments or name (admins; audited with the names of the changed
 * fields). Demoting the last active admin is resource.conflict. The hub must build actors from the
 * member row on every request, so a demotion takes effect on the member's next request.
 */
export async function updateMember(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TUpdateMemberInput,
): Promise<TMember> {
  const workspaceId = workspaceOf(actor);
  const input = parseInput(ZUpdateMemberInput, raw);
  const scope = deps.store.scoped(workspaceId);
  const member = await scope.members.get(input.memberId);
  if (!member) throw new AppError("resource.not_found", "Not found.");
  assertAuthorized(actor, "member.manage", { type: "member", workspaceId, id: member.id });
  if (input.departmentIds !== undefined) await assertDepartmentsExist(scope, input.departmentIds);

  const patch: Partial<Pick<TMemberRow, "role" | "departmentIds" | "name">> = {};
  if (input.role !== undefined && input.role !== member.role) patch.role = input.role;
  if (input.name !== undefined && input.name !== member.name) patch.name = input.name;
  if (input.departmentIds !== undefined && !sameSet(input.departmentIds, member.departmentIds)) {
    patch.departmentIds = input.departmentIds;
  }
  const changedFields = Object.keys(patch);
  if (changedFields.length === 0) return toPublicMember(member);
  if (patch.role !== undefined && patch.role !== "admin") await assertNotLastActiveAdmin(scope, member);

  const updated = await scope.members.update(member.id, patch);
  if (!updated) throw new AppError("resource.not_found", "Not found.");
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "member.update",
    resource: { type: "member", id: member.id },
    details: { changedFields, role: updated.role, departmentIds: updated.departmentIds },
  });
  return toPublicMember(updated);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
