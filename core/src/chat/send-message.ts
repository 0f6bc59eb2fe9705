import { z } from "zod";
import type { TBusEvent } from "../bus/bus-event";
import { AppError, isAppError } from "../errors/app-error";
import { maskPii } from "../privacy/mask-pii";
import type { TResolvedPolicy } from "../retention/default-policy";
import { type TMessage, type TMessageAuthor, ZClientMessageId, ZMessageBody } from "../schemas/message";
import type { ScopedStore } from "../store/port";
import { sealMessage } from "../store/sealed-records";
import { storeConversationChange, toConversationUpdatedEvent } from "./change-conversation";
import { actingMemberOf, type TChatActor } from "./chat-actor";
import { currentTime, nextId, type TChatDeps } from "./deps";
import { loadAuthorizedConversationWithVisitorKey } from "./load-conversation";
import { createErasedError, openMessages } from "./open-messages";
import { parseInput } from "./parse-input";
import { publishSafely } from "./publish-safely";
import { resolveWorkspacePolicy } from "./resolve-conversation-policy";

/** Input of `sendMessage`. */
export const ZSendMessageInput = z.object({
  conversationId: z.string().max(200),
  body: ZMessageBody,
  /** The sender's idempotency key: sending it again returns the message already stored. */
  clientMessageId: ZClientMessageId.optional(),
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
 * With a `clientMessageId`, sending is idempotent per author, across every process sharing the
 * database: the same author sending the same id again (a retry, over another edge or another hub
 * instance) gets the message already stored and nothing is stored or published again; the id
 * reused for another conversation or another body is `resource.conflict`. The database's unique
 * index decides (messages_client_id), so concurrent duplicates store one row.
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
  const { conversation, visitorKeyId } = await loadAuthorizedConversationWithVisitorKey(
    deps,
    actor,
    "conversation.reply",
    input.conversationId,
  );
  const { workspaceId } = conversation;
  const scope = deps.store.scoped(workspaceId);
  const member = actingMemberOf(actor);
  const author: TMessageAuthor =
    member !== null
      ? { type: "member", id: member.memberId }
      : { type: "visitor", id: conversation.visitorId };
  const storedBodyUnder = (policy: TResolvedPolicy) =>
    policy.redaction.mode === "mask-before-storage"
      ? maskPii(input.body, { rules: policy.redaction.rules }).text
      : input.body;
  const resolvePolicy = () =>
    resolveWorkspacePolicy(deps, workspaceId, {
      departmentId: conversation.departmentId,
      siteId: conversation.siteId,
    });
  /** This send's earlier copy, when it repeats one: its body may be stored as sent or masked. */
  const replay = async (body: string | null) => {
    if (input.clientMessageId === undefined) return null;
    const bodies = [input.body, body ?? storedBodyUnder(await resolvePolicy())];
    return findReplay(deps, scope, workspaceId, author, input.clientMessageId, conversation.id, bodies);
  };
  if (conversation.status === "closed") {
    // A retry of a message stored before the conversation closed still gets its message.
    const replayed = await replay(null);
    if (replayed !== null) return replayed;
    throw new AppError("resource.conflict", "This conversation is closed.");
  }
  if (visitorKeyId === null) throw createErasedError();

  const policy = await resolvePolicy();
  const body = storedBodyUnder(policy);
  const createdAt = currentTime(deps);
  const id = nextId(deps);
  const sealed = await sealOrGone(() =>
    sealMessage(deps.vault, workspaceId, {
      id,
      conversationId: conversation.id,
      author,
      body,
      createdAt,
      visitorKeyId,
      clientMessageId: input.clientMessageId ?? null,
    }),
  );
  let stored: Awaited<ReturnType<typeof scope.messages.append>>;
  try {
    stored = await scope.messages.append(sealed);
  } catch (error) {
    // Not looked up before appending (that would cost every send a read): a duplicate id fails the
    // insert on the unique index, and only then is the message stored first looked up.
    if (isAppError(error) && error.code === "resource.conflict") {
      const replayed = await replay(body);
      if (replayed !== null) return replayed;
    }
    throw error;
  }

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

/**
 * The message `author` already stored with `clientMessageId`, when this send repeats it: same
 * conversation and same body (as stored, i.e. masked, or as sent). Another conversation or body
 * is `resource.conflict`. Null when the author never used the id (or its message is gone).
 */
async function findReplay(
  deps: TChatDeps,
  scope: ScopedStore,
  workspaceId: string,
  author: TMessageAuthor,
  clientMessageId: string,
  conversationId: string,
  bodies: readonly string[],
): Promise<TMessage | null> {
  const row = await scope.messages.findByClientMessageId(author, clientMessageId);
  if (row === null) return null;
  const reused = new AppError(
    "resource.conflict",
    "This clientMessageId was already used for another message.",
  );
  if (row.conversationId !== conversationId) throw reused;
  const [message] = await openMessages(deps, workspaceId, [row]);
  if (message === undefined || !bodies.includes(message.body)) throw reused;
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
