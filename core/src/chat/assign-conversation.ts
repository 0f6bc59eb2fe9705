import { z } from "zod";
import { AppError } from "../errors/app-error";
import type { TInstallationActor, TMemberActor } from "../rbac/actors";
import type { TConversation } from "../schemas/conversation";
import type { TMemberRow } from "../store/port";
import { changeConversation } from "./change-conversation";
import type { TChatDeps } from "./deps";
import { loadAuthorizedConversation } from "./load-conversation";
import { parseInput } from "./parse-input";

/** Input of `assignConversation`; a null assignee puts the conversation back in the queue. */
export const ZAssignConversationInput = z.object({
  conversationId: z.string().max(200),
  assigneeId: z.string().max(200).nullable(),
});
/** `ZAssignConversationInput` as callers pass it, before validation. */
export type TAssignConversationInput = z.input<typeof ZAssignConversationInput>;

/**
 * Hands a conversation to a member (admins and managers of its department). The assignee must be an
 * active member of the workspace who may work in the conversation's department (an admin, or a
 * member of it), else request.invalid. Assigned means open, unassigned means waiting.
 */
export async function assignConversation(
  deps: TChatDeps,
  actor: TMemberActor | TInstallationActor,
  raw: TAssignConversationInput,
): Promise<TConversation> {
  const input = parseInput(ZAssignConversationInput, raw);
  const conversation = await loadAuthorizedConversation(
    deps,
    actor,
    "conversation.assign",
    input.conversationId,
  );
  if (conversation.status === "closed")
    throw new AppError("resource.conflict", "This conversation is closed.");
  if (input.assigneeId !== null) {
    const assignee = await deps.store.scoped(conversation.workspaceId).members.get(input.assigneeId);
    if (!assignee || !mayWorkIn(assignee, conversation.departmentId)) {
      throw new AppError(
        "request.invalid",
        "assigneeId: must be an active member of the conversation's department.",
      );
    }
  }
  if (conversation.assigneeId === input.assigneeId) return conversation;
  return changeConversation(deps, actor, conversation, {
    patch: { assigneeId: input.assigneeId, status: input.assigneeId === null ? "waiting" : "open" },
    action: "conversation.assign",
    details: { previousAssigneeId: conversation.assigneeId },
  });
}

/** Whether a member may take conversations of a department: active, and an admin or one of its members. */
export function mayWorkIn(member: TMemberRow, departmentId: string): boolean {
  return (
    member.status === "active" && (member.role === "admin" || member.departmentIds.includes(departmentId))
  );
}
