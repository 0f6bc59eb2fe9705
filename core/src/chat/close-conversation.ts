import { z } from "zod";
import type { TConversation } from "../schemas/conversation";
import { changeConversation } from "./change-conversation";
import type { TChatActor } from "./chat-actor";
import { currentTime, type TChatDeps } from "./deps";
import { loadAuthorizedConversation } from "./load-conversation";
import { parseInput } from "./parse-input";

/** Input of `closeConversation`. */
export const ZCloseConversationInput = z.object({ conversationId: z.string().max(200) });
/** `ZCloseConversationInput` as callers pass it, before validation. */
export type TCloseConversationInput = z.input<typeof ZCloseConversationInput>;

/**
 * Closes a conversation (members who may reply to it, or its own visitor). Closing a closed one
 * changes nothing and returns it as it is, so a double click is harmless. The assignee is kept:
 * it is who resolved it.
 */
export async function closeConversation(
  deps: TChatDeps,
  actor: TChatActor,
  raw: TCloseConversationInput,
): Promise<TConversation> {
  const input = parseInput(ZCloseConversationInput, raw);
  const conversation = await loadAuthorizedConversation(
    deps,
    actor,
    "conversation.close",
    input.conversationId,
  );
  if (conversation.status === "closed") return conversation;
  return changeConversation(deps, actor, conversation, {
    patch: { status: "closed", closedAt: currentTime(deps) },
    action: "conversation.close",
  });
}
