import { z } from "zod";
import { changeConversation } from "../chat/change-conversation";
import { workspaceOf } from "../chat/chat-actor";
import { parseInput } from "../chat/parse-input";
import { publishSafely } from "../chat/publish-safely";
import { recordAudit } from "../chat/record-audit";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TMember } from "../schemas/member";
import type { TWorkspaceDeps } from "./deps";
import { assertNotLastActiveAdmin } from "./member-fields";
import { toPublicMember } from "./to-public-member";

/** Input of `deactivateMember`. */
export const ZDeactivateMemberInput = z.object({ memberId: z.string().max(200) });
/** `ZDeactivateMemberInput` as callers pass it, before validation. */
export type TDeactivateMemberInput = z.input<typeof ZDeactivateMemberInput>;

/** The most conversations released per store query while deactivating. */
const RELEASE_BATCH = 1000;

/**
 * Deactivates a member (admins): they are granted nothing from now on, every session of theirs is
 * revoked (`session.revoked` with a null session id), and their open or waiting conversations go
 * back to their departments' queues so no visitor waits on someone who left. The last active admin
 * cannot be deactivated (resource.conflict). Deactivating a deactivated member changes nothing.
 */
export async function deactivateMember(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TDeactivateMemberInput,
): Promise<TMember> {
  const workspaceId = workspaceOf(actor);
  const input = parseInput(ZDeactivateMemberInput, raw);
  const scope = deps.store.scoped(workspaceId);
  const member = await scope.members.get(input.memberId);
  if (!member) throw new AppError("resource.not_found", "Not found.");
  assertAuthorized(actor, "member.manage", { type: "member", workspaceId, id: member.id });
  if (member.status === "deactivated") return toPublicMember(member);
  await assertNotLastActiveAdmin(scope, member);

  const updated = await scope.members.update(member.id, { status: "deactivated" });
  if (!updated) throw new AppError("resource.not_found", "Not found.");
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "member.deactivate",
    resource: { type: "member", id: member.id },
  });
  await publishSafely(deps, [{ type: "session.revoked", workspaceId, memberId: member.id, sessionId: null }]);

  for (;;) {
    const assigned = await scope.conversations.list({
      assigneeId: member.id,
      statuses: ["open", "waiting"],
      limit: RELEASE_BATCH,
    });
    for (const conversation of assigned) {
      await changeConversation(deps, actor, conversation, {
        patch: { assigneeId: null, status: "waiting" },
        action: "conversation.release",
        details: { previousAssigneeId: member.id },
      });
    }
    if (assigned.length < RELEASE_BATCH) break;
  }
  return toPublicMember(updated);
}
