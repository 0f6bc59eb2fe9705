import { z } from "zod";
import { AppError } from "../errors/app-error";
import type { TInstallationActor, TMemberActor } from "../rbac/actors";
import { actingMemberOf } from "./chat-actor";
import type { TChatDeps } from "./deps";
import { loadAuthorizedConversation } from "./load-conversation";
import { parseInput } from "./parse-input";

/** Input of `markRead`: the last seq the member has seen. */
export const ZMarkReadInput = z.object({
  conversationId: z.string().max(200),
  seq: z.number().int().min(0),
});
/** `ZMarkReadInput` as callers pass it, before validation. */
export type TMarkReadInput = z.input<typeof ZMarkReadInput>;

/**
 * Moves the member's read marker of a conversation forward (never back; a seq beyond the last
 * message is capped, so a client cannot pre-read messages that do not exist yet). Returns the
 * marker now stored. Not audited: it is the member's own view state, it changes no customer data,
 * and the transcript read that preceded it was audited by `listMessages`.
 */
export async function markRead(
  deps: TChatDeps,
  memberActor: TMemberActor | TInstallationActor,
  raw: TMarkReadInput,
): Promise<{ lastReadSeq: number }> {
  const input = parseInput(ZMarkReadInput, raw);
  const member = actingMemberOf(memberActor);
  if (member === null) throw new AppError("resource.not_found", "Not found.");
  const { memberId } = member;
  const conversation = await loadAuthorizedConversation(
    deps,
    memberActor,
    "conversation.read",
    input.conversationId,
  );
  const scope = deps.store.scoped(conversation.workspaceId);
  const lastSeq = await scope.messages.count(conversation.id);
  await scope.reads.mark(memberId, conversation.id, Math.min(input.seq, lastSeq));
  return { lastReadSeq: await scope.reads.get(memberId, conversation.id) };
}
