import { z } from "zod";
import type { TConversation } from "../schemas/conversation";
import type { TMessage } from "../schemas/message";
import { actingMemberOf, type TChatActor } from "./chat-actor";
import type { TChatDeps } from "./deps";
import { loadAuthorizedConversation } from "./load-conversation";
import { maskForAgents } from "./mask-for-agents";
import { openMessages } from "./open-messages";
import { parseInput } from "./parse-input";
import { recordAudit } from "./record-audit";
import { resolveWorkspacePolicy } from "./resolve-conversation-policy";

/** Most messages one call returns (the store's page size). */
export const MAX_MESSAGES_PAGE = 500;

/** Input of `listMessages`: resume after the last seq seen (0 or absent: from the start). */
export const ZListMessagesInput = z.object({
  conversationId: z.string().max(200),
  afterSeq: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(MAX_MESSAGES_PAGE).optional(),
});
/** `ZListMessagesInput` as callers pass it, before validation. */
export type TListMessagesInput = z.input<typeof ZListMessagesInput>;

/** A conversation and a page of its messages, in seq order. */
export type TConversationMessages = { conversation: TConversation; messages: TMessage[] };

/**
 * Reads a page of a conversation's transcript. Members and plugins see PII masked when the
 * conversation's policy is "mask-on-display" (the stored text stays intact); the visitor always
 * sees their own conversation as written. A transcript whose visitor was erased answers
 * resource.gone.
 *
 * Auditing: a member's (or plugin's) read from the start (`afterSeq` 0 or absent) writes a
 * "conversation.read" event; the incremental fetches a live view makes afterwards (`afterSeq` > 0)
 * are not audited again, since they only deliver what arrives after an audited opening and would
 * otherwise flood the chain. A visitor reading their own conversation is not audited (it is their
 * data).
 */
export async function listMessages(
  deps: TChatDeps,
  actor: TChatActor,
  raw: TListMessagesInput,
): Promise<TConversationMessages> {
  const input = parseInput(ZListMessagesInput, raw);
  const conversation = await loadAuthorizedConversation(
    deps,
    actor,
    "conversation.read",
    input.conversationId,
  );
  const { workspaceId } = conversation;
  const afterSeq = input.afterSeq ?? 0;
  const rows = await deps.store
    .scoped(workspaceId)
    .messages.list(conversation.id, { afterSeq, limit: input.limit ?? MAX_MESSAGES_PAGE });
  const opened = await openMessages(deps, workspaceId, rows);

  const isAgentSide = actingMemberOf(actor) !== null;
  let messages = opened;
  if (isAgentSide) {
    const policy = await resolveWorkspacePolicy(deps, workspaceId, {
      departmentId: conversation.departmentId,
      siteId: conversation.siteId,
    });
    messages = maskForAgents(opened, policy);
    if (afterSeq === 0) {
      await recordAudit(deps, {
        workspaceId,
        actor,
        action: "conversation.read",
        resource: { type: "conversation", id: conversation.id },
        details: { messageCount: messages.length },
      });
    }
  }
  return { conversation, messages };
}
