import type { TBusEvent } from "../bus/bus-event";
import { AppError } from "../errors/app-error";
import type { TConversation } from "../schemas/conversation";
import type { ConversationRepo } from "../store/port";
import type { TChatActor } from "./chat-actor";
import type { TChatDeps } from "./deps";
import { publishSafely } from "./publish-safely";
import { recordAudit } from "./record-audit";

type TConversationPatch = Parameters<ConversationRepo["update"]>[1];

/** The bus event announcing a conversation's current state (ids and state only). */
export function toConversationUpdatedEvent(conversation: TConversation): TBusEvent {
  return {
    type: "conversation.updated",
    workspaceId: conversation.workspaceId,
    conversationId: conversation.id,
    departmentId: conversation.departmentId,
    status: conversation.status,
    assigneeId: conversation.assigneeId,
  };
}

/** One change to a conversation: the fields, the audit action and the ids worth recording with it. */
export type TConversationChange = {
  patch: TConversationPatch;
  action: string;
  details?: Record<string, string | boolean | null>;
};

/** Stores a change to a conversation and audits it, without announcing it (the caller publishes). */
export async function storeConversationChange(
  deps: TChatDeps,
  actor: TChatActor,
  conversation: TConversation,
  change: TConversationChange,
): Promise<TConversation> {
  const scope = deps.store.scoped(conversation.workspaceId);
  const updated = await scope.conversations.update(conversation.id, change.patch);
  if (!updated) throw new AppError("resource.not_found", "Not found.");
  await recordAudit(deps, {
    workspaceId: conversation.workspaceId,
    actor,
    action: change.action,
    resource: { type: "conversation", id: conversation.id },
    details: { ...change.details, status: updated.status, assigneeId: updated.assigneeId },
  });
  return updated;
}

/**
 * Stores a change to a conversation, audits it, then announces it on the bus: in that order, so
 * nobody hears of a change that is not durable, and no change goes unaudited.
 */
export async function changeConversation(
  deps: TChatDeps,
  actor: TChatActor,
  conversation: TConversation,
  change: TConversationChange,
): Promise<TConversation> {
  const updated = await storeConversationChange(deps, actor, conversation, change);
  await publishSafely(deps, [toConversationUpdatedEvent(updated)]);
  return updated;
}
