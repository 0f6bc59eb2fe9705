import { z } from "zod";
import { AppError } from "../errors/app-error";
import type { TInstallationActor, TMemberActor } from "../rbac/actors";
import type { TConversation } from "../schemas/conversation";
import { changeConversation } from "./change-conversation";
import type { TChatDeps } from "./deps";
import { loadAuthorizedConversation } from "./load-conversation";
import { parseInput } from "./parse-input";

/** Input of `transferConversation`. */
export const ZTransferConversationInput = z.object({
  conversationId: z.string().max(200),
  departmentId: z.string().max(200),
});
/** `ZTransferConversationInput` as callers pass it, before validation. */
export type TTransferConversationInput = z.input<typeof ZTransferConversationInput>;

/**
 * Moves a conversation to another department of the workspace (request.invalid if there is no such
 * department). The assignee stays only if they are an active member of the new department;
 * otherwise it goes back to that department's queue as waiting.
 */
export async function transferConversation(
  deps: TChatDeps,
  actor: TMemberActor | TInstallationActor,
  raw: TTransferConversationInput,
): Promise<TConversation> {
  const input = parseInput(ZTransferConversationInput, raw);
  const conversation = await loadAuthorizedConversation(
    deps,
    actor,
    "conversation.transfer",
    input.conversationId,
  );
  if (conversation.status === "closed")
    throw new AppError("resource.conflict", "This conversation is closed.");
  const scope = deps.store.scoped(conversation.workspaceId);
  const department = await scope.departments.get(input.departmentId);
  if (!department) throw new AppError("request.invalid", "departmentId: no such department.");
  if (department.id === conversation.departmentId) return conversation;

  const assignee = conversation.assigneeId === null ? null : await scope.members.get(conversation.assigneeId);
  const keepsAssignee =
    assignee !== null && assignee.status === "active" && assignee.departmentIds.includes(department.id);
  const assigneeId = keepsAssignee ? assignee.id : null;
  return changeConversation(deps, actor, conversation, {
    patch: {
      departmentId: department.id,
      assigneeId,
      status: assigneeId === null ? "waiting" : conversation.status,
    },
    action: "conversation.transfer",
    details: { fromDepartmentId: conversation.departmentId, toDepartmentId: department.id },
  });
}
