import { z } from "zod";
import { workspaceOf } from "../chat/chat-actor";
import { currentTime, nextId } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import { ZDisplayName, ZRole } from "../schemas/common";
import type { TMember } from "../schemas/member";
import type { TWorkspaceDeps } from "./deps";
import { assertDepartmentsExist, ZMemberDepartmentIds, ZMemberEmail, ZPasswordHash } from "./member-fields";
import { toPublicMember } from "./to-public-member";

/** Input of `addMember`; a null password hash makes an invitation (the member sets it on first sign-in). */
export const ZAddMemberInput = z.object({
  email: ZMemberEmail,
  name: ZDisplayName,
  role: ZRole,
  departmentIds: ZMemberDepartmentIds,
  passwordHash: ZPasswordHash.nullable(),
});
/** `ZAddMemberInput` as callers pass it, before validation. */
export type TAddMemberInput = z.input<typeof ZAddMemberInput>;

/**
 * Adds a member (admins). With a password hash they are active at once; without one they are
 * "invited", which grants nothing until they set a password. Every department must exist in the
 * workspace (request.invalid); an email already used there is resource.conflict.
 */
export async function addMember(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TAddMemberInput,
): Promise<TMember> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "member.manage", { type: "workspace", workspaceId });
  const input = parseInput(ZAddMemberInput, raw);
  const scope = deps.store.scoped(workspaceId);
  await assertDepartmentsExist(scope, input.departmentIds);
  const member = await scope.members.create({
    id: nextId(deps),
    email: input.email,
    name: input.name,
    role: input.role,
    departmentIds: input.departmentIds,
    status: input.passwordHash === null ? "invited" : "active",
    twoFactorEnabled: false,
    passwordHash: input.passwordHash,
    keyId: null,
    totpSecretCipher: null,
    createdAt: currentTime(deps),
    lastSignInAt: null,
  });
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "member.create",
    resource: { type: "member", id: member.id },
    details: { role: member.role, departmentIds: member.departmentIds, status: member.status },
  });
  return toPublicMember(member);
}
