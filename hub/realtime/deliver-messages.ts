import { getConversationVisitor, listMessages, maskForAgents } from "@tawkster/core/chat";
import { isAppError } from "@tawkster/core/errors";
import { authorize, type TActor, type TMemberActor, toConversationResource } from "@tawkster/core/rbac";
import type { TResolvedPolicy } from "@tawkster/core/retention";
import type { TConsoleMessage, TConversation, TMessage } from "@tawkster/core/schemas";
import type { TWidgetMessage } from "@tawkster/core/widget";
import {
  toConsoleMessages,
  toConsoleMessagesNow,
  toWidgetMessages,
  toWidgetMessagesNow,
} from "../lib/shape-messages";
import { rememberSeen, type TSubscription } from "./connection";
import type { TRealtimeContext } from "./realtime-context";
import { unregisterSubscription } from "./registry";
import { sendConsoleFrame, sendErrorFrame, sendShapedFrame, sendWidgetFrame } from "./send-frame";
import { signOut } from "./sign-out";

/** Messages fetched per store round trip while catching a subscription up. */
const PAGE_SIZE = 100;

/** How long a console subscription labels messages with the visitor's name as last read. */
const VISITOR_NAME_TTL_MS = 5_000;

/**
 * A message just stored by this process, as its sender holds it (see TLocalDetail in core's bus):
 * the policy it was stored under, for the department it was sent in.
 */
export type TFreshMessage = {
  readonly message: Readonly<TMessage>;
  readonly policy: TResolvedPolicy;
  readonly departmentId: string;
};

/**
 * Delivers everything after the subscription's last seq, in order, and again whenever a newer
 * message was announced meanwhile. One fetch at a time per subscription: a message is never sent
 * twice, and none is skipped, whatever order events and fetches finish in (the store is the truth;
 * events only say "look again").
 *
 * `fresh`, the message the event announced as its sender stored it, is delivered from memory when
 * it is exactly the next one the subscription needs (no fetch, no decryption); anything else goes
 * through the store. Either way the delivery is authorized now, from the member's and the
 * conversation's rows as they are (access-cache.ts).
 */
export function pumpSubscription(
  context: TRealtimeContext,
  subscription: TSubscription,
  fresh?: TFreshMessage,
): Promise<void> | undefined {
  if (subscription.isPumping) {
    subscription.isDirty = true;
    return undefined;
  }
  if (fresh !== undefined && !subscription.isClosed && isFreshNext(subscription, fresh)) {
    try {
      if (deliverFreshNow(context, subscription, fresh)) return undefined;
    } catch (error) {
      dropSubscription(context, subscription, error);
      return undefined;
    }
  }
  return pump(context, subscription, fresh);
}

async function pump(
  context: TRealtimeContext,
  subscription: TSubscription,
  fresh?: TFreshMessage,
): Promise<void> {
  subscription.isPumping = true;
  try {
    let next = fresh;
    do {
      subscription.isDirty = false;
      let isPageFull = true;
      while (isPageFull && !subscription.isClosed) {
        isPageFull = await deliverPage(context, subscription, next);
        next = undefined;
      }
    } while (subscription.isDirty && !subscription.isClosed);
  } catch (error) {
    dropSubscription(context, subscription, error);
  } finally {
    subscription.isPumping = false;
  }
}

/** Whether `fresh` is exactly the next message the (authorized, started) subscription needs. */
function isFreshNext(subscription: TSubscription, fresh: TFreshMessage): boolean {
  return subscription.isStarted && fresh.message.seq === subscription.lastSeq + 1;
}

/**
 * The fresh message delivered at once, with no promise at all, when every fact its delivery is
 * decided from is at hand in the access cache (the live chat's usual case): the same checks, in
 * the same order, as the awaited path below, from the same rows. False when something must be read
 * first (nothing was sent then; the awaited path does it all).
 */
function deliverFreshNow(
  context: TRealtimeContext,
  subscription: TSubscription,
  fresh: TFreshMessage,
): boolean {
  const { connection, conversationId } = subscription;
  if (connection.kind === "widget") {
    const visitor = connection.visitor;
    if (visitor === null) return true;
    const conversation = context.access.conversationNow(visitor.actor.workspaceId, conversationId);
    if (conversation === undefined) return false;
    if (!mayRead(context, visitor.actor, subscription, conversation)) return true;
    const shaped = toWidgetMessagesNow([fresh.message]);
    if (shaped === null) return false;
    deliverToWidget(subscription, shaped);
    return true;
  }
  const member = connection.member;
  if (member === null) return true;
  const actor = context.access.memberActorNow(member.workspaceId, member.memberId);
  if (actor === undefined) return false;
  if (actor === null) {
    signOut(context, connection);
    return true;
  }
  const conversation = context.access.conversationNow(member.workspaceId, conversationId);
  if (conversation === undefined) return false;
  if (!mayRead(context, actor, subscription, conversation)) return true;
  // Transferred since: through the store (the awaited path).
  if (conversation.departmentId !== fresh.departmentId) return false;
  const messages = maskForAgents([fresh.message], fresh.policy);
  const visitorName = readVisitorNameNow(subscription, messages);
  if (visitorName === undefined) return false;
  const shaped = toConsoleMessagesNow(messages, visitorName);
  if (shaped === null) return false;
  deliverToConsole(subscription, shaped);
  return true;
}

/**
 * Advances the subscription to a delivered message's seq; true when it must be sent (not already
 * delivered, and not the widget's own message, already in its hands from the `sent` answer).
 */
function isDue(subscription: TSubscription, seq: number): boolean {
  if (subscription.isClosed || seq <= subscription.lastSeq) return false;
  subscription.lastSeq = seq;
  return subscription.acknowledgedSeqs?.delete(seq) !== true;
}

function deliverToWidget(subscription: TSubscription, messages: readonly TWidgetMessage[]): void {
  const { connection } = subscription;
  for (const message of messages) {
    if (isDue(subscription, message.seq)) sendShapedFrame(connection, { type: "message", message });
  }
}

function deliverToConsole(subscription: TSubscription, messages: readonly TConsoleMessage[]): void {
  const { connection, conversationId } = subscription;
  for (const message of messages) {
    if (isDue(subscription, message.seq))
      sendShapedFrame(connection, { type: "message", conversationId, message });
  }
}

/** Sends one page of messages after `lastSeq`; true when the page was full (there may be more). */
async function deliverPage(
  context: TRealtimeContext,
  subscription: TSubscription,
  fresh: TFreshMessage | undefined,
): Promise<boolean> {
  const isWidget = subscription.connection.kind === "widget";
  const isFresh = fresh !== undefined && isFreshNext(subscription, fresh);
  const count = isFresh
    ? isWidget
      ? await freshForWidget(context, subscription, fresh)
      : await freshForConsole(context, subscription, fresh)
    : isWidget
      ? await fetchForWidget(context, subscription)
      : await fetchForConsole(context, subscription);
  return !isFresh && count === PAGE_SIZE;
}

/**
 * The conversation as the access cache has it, when `actor` may read it now; otherwise the
 * subscription ends quietly, as a transfer away ends it (null).
 */
async function readableConversation(
  context: TRealtimeContext,
  actor: TActor,
  subscription: TSubscription,
  workspaceId: string,
): Promise<TConversation | null> {
  const conversation = await context.access.conversation(workspaceId, subscription.conversationId);
  return mayRead(context, actor, subscription, conversation) ? conversation : null;
}

/** Whether `actor` may read the conversation now; if not, the subscription ends quietly. */
function mayRead(
  context: TRealtimeContext,
  actor: TActor,
  subscription: TSubscription,
  conversation: TConversation | null,
): conversation is TConversation {
  if (
    conversation === null ||
    !authorize(actor, "conversation.read", toConversationResource(conversation)).allowed
  ) {
    dropSubscription(context, subscription, null);
    return false;
  }
  return true;
}

/** The widget's next message from memory: the visitor sees their conversation as written. How many there were. */
async function freshForWidget(
  context: TRealtimeContext,
  subscription: TSubscription,
  fresh: TFreshMessage,
): Promise<number> {
  const visitor = subscription.connection.visitor;
  if (visitor === null) return 0;
  const { workspaceId } = visitor.actor;
  if ((await readableConversation(context, visitor.actor, subscription, workspaceId)) === null) return 0;
  const messages = [fresh.message];
  const shaped =
    toWidgetMessagesNow(messages) ??
    (await toWidgetMessages(context.deps.store.scoped(workspaceId), messages));
  deliverToWidget(subscription, shaped);
  return shaped.length;
}

/**
 * The console's next message from memory, masked as `listMessages` would mask it for an agent
 * (the policy its sender stored it under; a conversation transferred since goes through the store).
 */
async function freshForConsole(
  context: TRealtimeContext,
  subscription: TSubscription,
  fresh: TFreshMessage,
): Promise<number> {
  const { connection } = subscription;
  const member = connection.member;
  const actor = member === null ? null : await activeMemberActor(context, connection, member);
  if (member === null || actor === null) return 0;
  const conversation = await readableConversation(context, actor, subscription, member.workspaceId);
  if (conversation === null) return 0;
  if (conversation.departmentId !== fresh.departmentId) return fetchForConsole(context, subscription);
  const messages = maskForAgents([fresh.message], fresh.policy);
  const visitorName = await readVisitorName(context, actor, subscription, messages);
  const shaped =
    toConsoleMessagesNow(messages, visitorName) ??
    (await toConsoleMessages(context.deps.store.scoped(member.workspaceId), messages, visitorName));
  deliverToConsole(subscription, shaped);
  return shaped.length;
}

/** The member's actor as their rows are now; a member no longer active is signed out (null). */
async function activeMemberActor(
  context: TRealtimeContext,
  connection: TSubscription["connection"],
  member: NonNullable<TSubscription["connection"]["member"]>,
): Promise<TMemberActor | null> {
  const actor = await context.access.memberActor(member.workspaceId, member.memberId);
  if (actor === null) signOut(context, connection);
  return actor;
}

/** The page after the widget's last seq, through core's `listMessages`; how many messages it held. */
async function fetchForWidget(context: TRealtimeContext, subscription: TSubscription): Promise<number> {
  const { connection } = subscription;
  if (connection.visitor === null) return 0;
  const { conversation, messages } = await listMessages(context.deps, connection.visitor.actor, {
    conversationId: subscription.conversationId,
    afterSeq: subscription.lastSeq,
    limit: PAGE_SIZE,
  });
  if (!subscription.isStarted) {
    subscription.isStarted = true;
    sendWidgetFrame(connection, {
      type: "conversation",
      conversation: { id: conversation.id, status: conversation.status },
    });
  }
  const shaped = await toWidgetMessages(context.deps.store.scoped(conversation.workspaceId), messages);
  deliverToWidget(subscription, shaped);
  return shaped.length;
}

/** The page after the console's last seq, through core's `listMessages`; how many messages it held. */
async function fetchForConsole(context: TRealtimeContext, subscription: TSubscription): Promise<number> {
  const { connection, conversationId } = subscription;
  const member = connection.member;
  const actor = member === null ? null : await activeMemberActor(context, connection, member);
  if (member === null || actor === null) return 0;
  // A pure check first: losing sight of a conversation (a transfer) ends the subscription quietly,
  // instead of core recording a "denied" read the member never asked for.
  if (
    subscription.isStarted &&
    (await readableConversation(context, actor, subscription, member.workspaceId)) === null
  ) {
    return 0;
  }
  const { conversation, messages } = await listMessages(context.deps, actor, {
    conversationId,
    afterSeq: subscription.lastSeq,
    limit: PAGE_SIZE,
  });
  if (!subscription.isStarted) {
    subscription.isStarted = true;
    rememberSeen(connection, conversationId);
    const { id, status, assigneeId, departmentId } = conversation;
    sendConsoleFrame(connection, {
      type: "conversation",
      conversation: { id, status, assigneeId, departmentId },
    });
  }
  const visitorName = await readVisitorName(context, actor, subscription, messages);
  const scope = context.deps.store.scoped(conversation.workspaceId);
  const shaped = await toConsoleMessages(scope, messages, visitorName);
  deliverToConsole(subscription, shaped);
  return shaped.length;
}

/**
 * The visitor's name for the messages' labels. Decrypting the profile for every live message cost
 * a sixth of the relay's time, so it is kept on the subscription for a few seconds: a label, not
 * a permission (each delivery is still authorized afresh), and a visitor who gives their name
 * mid-chat shows it within that time.
 */
async function readVisitorName(
  context: TRealtimeContext,
  actor: TMemberActor,
  subscription: TSubscription,
  messages: readonly TMessage[],
): Promise<string | null> {
  const known = readVisitorNameNow(subscription, messages);
  if (known !== undefined) return known;
  const now = Date.now();
  let value: string | null;
  try {
    value = (
      await getConversationVisitor(context.deps, actor, { conversationId: subscription.conversationId })
    ).name;
  } catch {
    // Only a label: an erased visitor's messages fail on their own a moment earlier.
    value = null;
  }
  subscription.visitorName = { value, readAt: now };
  return value;
}

/** As `readVisitorName`, when it needs no read (no visitor's message, or the name is fresh); else undefined. */
function readVisitorNameNow(
  subscription: TSubscription,
  messages: readonly TMessage[],
): string | null | undefined {
  if (!messages.some((m) => m.author.type === "visitor")) return null;
  const cached = subscription.visitorName;
  if (cached !== undefined && Date.now() - cached.readAt < VISITOR_NAME_TTL_MS) return cached.value;
  return undefined;
}

/**
 * Ends a subscription the connection may no longer follow (transferred away, erased, closed to an
 * agent, deleted by retention) with an error frame naming the conversation; the connection itself
 * stays open. `goneBy` says why a `resource.gone` conversation went (default: an erasure).
 */
export function dropSubscription(
  context: TRealtimeContext,
  subscription: TSubscription,
  error: unknown,
  goneBy: "erasure" | "retention" = "erasure",
): void {
  if (subscription.isClosed) return;
  unregisterSubscription(context.registry, subscription);
  const code = error === null ? "resource.not_found" : isAppError(error) ? error.code : "internal.error";
  if (code === "internal.error" || code === "storage.failed" || code === "crypto.unreadable") {
    // The class or code only: an error's message could quote what it was handling.
    console.error(
      `realtime: delivery failed (${isAppError(error) ? error.code : error instanceof Error ? error.name : "unknown"})`,
    );
  }
  const id = subscription.conversationId;
  const message =
    code === "resource.gone"
      ? goneBy === "retention"
        ? `Conversation ${id} was deleted by the retention policy.`
        : `Conversation ${id} was erased.`
      : code === "resource.not_found"
        ? `Conversation ${id} is not available.`
        : `Conversation ${id} could not be delivered; subscribe again.`;
  sendErrorFrame(subscription.connection, code, message);
}
