import { z } from "zod";
import { AppError } from "../errors/app-error";
import type { TInstallationActor, TMemberActor } from "../rbac/actors";
import type { TConversation } from "../schemas/conversation";
import { changeConversation } from "./change-conversation";
import { actingMemberOf } from "./chat-actor";
import type { TChatDeps } from "./deps";
import { loadAuthorizedConversation } from "./load-conversation";
import { parseInput } from "./parse-input";

/** Input of `claimConversation`. */
export const ZClaimConversationInput = z.object({ conversationId: z.string().max(200) });
/** `ZClaimConversationInput` as callers pass it, before validation. */
export type TClaimConversationInput = z.input<typeof ZClaimConversationInput>;

/**
 * Takes an unassigned conversation: assigns it to the acting member and opens it. Claiming one
 * already theirs changes nothing; one a colleague has, or a closed one, is resource.conflict
 * (taking over a colleague's chat is `assignConversation`, a manager's call).
 */
export async function claimConversation(
  deps: TChatDeps,
  actor: TMemberActor | TInstallationActor,
  raw: TClaimConversationInput,
): Promise<TConversation> {
  const input = parseInput(ZClaimConversationInput, raw);
  const conversation = await loadAuthorizedConversation(
    deps,
    actor,
    "conversation.claim",
    input.conversationId,
  );
  const member = actingMemberOf(actor);
  if (member === null) throw new AppError("resource.not_found", "Not found.");
  if (conversation.status === "closed")
    throw new AppError("resource.conflict", "This conversation is closed.");
  if (conversation.assigneeId === member.memberId && conversation.status === "open") return conversation;
  if (conversation.assigneeId !== null && conversation.assigneeId !== member.memberId) {
    throw new AppError("resource.conflict", "Someone else already has this conversation.");
  }
  return changeConversation(deps, actor, conversation, {
    patch: { status: "open", assigneeId: member.memberId },
    action: "conversation.claim",
  });
}
