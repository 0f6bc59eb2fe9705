import { z } from "zod";
import type { TBusEvent } from "../bus/bus-event";
import { AppError, isAppError } from "../errors/app-error";
import { maskPii } from "../privacy/mask-pii";
import { type TMessage, type TMessageAuthor, ZMessageBody } from "../schemas/message";
import { sealMessage } from "../store/sealed-records";
import { storeConversationChange, toConversationUpdatedEvent } from "./change-conversation";
import { actingMemberOf, type TChatActor } from "./chat-actor";
import { currentTime, nextId, type TChatDeps } from "./deps";
import { loadAuthorizedConversation } from "./load-conversation";
import { createErasedError } from "./open-messages";
import { parseInput } from "./parse-input";
import { publishSafely } from "./publish-safely";
import { resolveWorkspacePolicy } from "./resolve-conversation-policy";

/** Input of `sendMessage`. */
export const ZSendMessageInput = z.object({
  conversationId: z.string().max(200),
  body: ZMessageBody,
});
/** `ZSendMessageInput` as callers pass it, before validation. */
export type TSendMessageInput = z.input<typeof ZSendMessageInput>;

/**
 * Sends a message as a visitor, a member or a plugin's member, and resolves only once it is
 * durably stored: that resolution is the sender's acknowledgement. Under the "mask-before-storage"
 * policy the PII is masked before sealing, so the original never reaches the database. The body is
 * sealed under the visitor's key (erasing the visitor erases the whole transcript). A member's
 * first reply to a waiting conversation opens it and assigns it to them if nobody has it.
 * `message.created` (and `conversation.updated` when that happened) is published after storage.
 *
 * Messages are not audited one by one (that would double the writes of every chat and copy their
 * volume into the audit chain); the state changes a reply causes are.
 */
export async function sendMessage(
  deps: TChatDeps,
  actor: TChatActor,
  raw: TSendMessageInput,
): Promise<TMessage> {
  const input = parseInput(ZSendMessageInput, raw);
  const conversation = await loadAuthorizedConversation(
    deps,
    actor,
    "conversation.reply",
    input.conversationId,
  );
  if (conversation.status === "closed") {
    throw new AppError("resource.conflict", "This conversation is closed.");
  }
  const { workspaceId } = conversation;
  const scope = deps.store.scoped(workspaceId);
  const visitor = await scope.visitors.get(conversation.visitorId);
  if (!visitor) throw createErasedError();

  const policy = await resolveWorkspacePolicy(deps, workspaceId, {
    departmentId: conversation.departmentId,
    siteId: conversation.siteId,
  });
  const body =
    policy.redaction.mode === "mask-before-storage"
      ? maskPii(input.body, { rules: policy.redaction.rules }).text
      : input.body;
  const member = actingMemberOf(actor);
  const author: TMessageAuthor =
    member !== null
      ? { type: "member", id: member.memberId }
      : { type: "visitor", id: conversation.visitorId };
  const createdAt = currentTime(deps);
  const id = nextId(deps);
  const sealed = await sealOrGone(() =>
    sealMessage(deps.vault, workspaceId, {
      id,
      conversationId: conversation.id,
      author,
      body,
      createdAt,
      visitorKeyId: visitor.keyId,
    }),
  );
  const stored = await scope.messages.append(sealed);

  const events: TBusEvent[] = [
    {
      type: "message.created",
      workspaceId,
      conversationId: conversation.id,
      departmentId: conversation.departmentId,
      seq: stored.seq,
      authorType: author.type,
    },
  ];
  // The first member reply takes the conversation out of the queue; stored before anything is
  // announced, so a subscriber reacting to the message already reads the conversation as open.
  if (member !== null && conversation.status === "waiting") {
    const opened = await storeConversationChange(deps, actor, conversation, {
      patch: { status: "open", assigneeId: conversation.assigneeId ?? member.memberId },
      action: "conversation.open",
      details: { trigger: "reply" },
    });
    events.push(toConversationUpdatedEvent(opened));
  }
  const message: TMessage = {
    id,
    workspaceId,
    conversationId: conversation.id,
    seq: stored.seq,
    author,
    body,
    createdAt,
  };
  // In-process subscribers (the hub's realtime delivery) get the stored message and its policy
  // with the event, instead of reading the row back and decrypting it once per subscriber.
  await publishSafely(deps, events, { message, policy });
  return message;
}

async function sealOrGone<T>(seal: () => Promise<T>): Promise<T> {
  try {
    return await seal();
  } catch (error) {
    // The vault answers resource.gone when the visitor's key was destroyed (erased meanwhile).
    if (isAppError(error) && error.code === "resource.gone") throw createErasedError();
    throw error;
  }
}
