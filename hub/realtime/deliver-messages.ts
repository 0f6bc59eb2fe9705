import { getConversationVisitor, listMessages } from "@tawkster/core/chat";
import { isAppError } from "@tawkster/core/errors";
import { authorize, type TMemberActor, toConversationResource } from "@tawkster/core/rbac";
import type { TMessage } from "@tawkster/core/schemas";
import { rememberSeen, type TSubscription } from "./connection";
import { readMemberActor } from "./member-access";
import type { TRealtimeContext } from "./realtime-context";
import { unregisterSubscription } from "./registry";
import { sendConsoleFrame, sendErrorFrame, sendWidgetFrame } from "./send-frame";
import { toConsoleMessages, toWidgetMessages } from "../lib/shape-messages";
import { signOut } from "./sign-out";

/** Messages fetched per store round trip while catching a subscription up. */
const PAGE_SIZE = 100;

/** How long a console subscription labels messages with the visitor's name as last read. */
const VISITOR_NAME_TTL_MS = 5_000;

/** One message ready to go: its seq, and how to send it on this connection. */
type TDelivery = { seq: number; send: () => void };

/**
 * Delivers everything after the subscription's last seq, in order, and again whenever a newer
 * message was announced meanwhile. One fetch at a time per subscription: a message is never sent
 * twice, and none is skipped, whatever order events and fetches finish in (the store is the truth;
 * events only say "look again").
 */
export async function pumpSubscription(
  context: TRealtimeContext,
  subscription: TSubscription,
): Promise<void> {
  if (subscription.isPumping) {
    subscription.isDirty = true;
    return;
  }
  subscription.isPumping = true;
  try {
    do {
      subscription.isDirty = false;
      let isPageFull = true;
      while (isPageFull && !subscription.isClosed) isPageFull = await deliverPage(context, subscription);
    } while (subscription.isDirty && !subscription.isClosed);
  } catch (error) {
    dropSubscription(context, subscription, error);
  } finally {
    subscription.isPumping = false;
  }
}

/** Sends one page of messages after `lastSeq`; true when the page was full (there may be more). */
async function deliverPage(context: TRealtimeContext, subscription: TSubscription): Promise<boolean> {
  const deliveries =
    subscription.connection.kind === "widget"
      ? await fetchForWidget(context, subscription)
      : await fetchForConsole(context, subscription);
  const acknowledged = subscription.acknowledgedSeqs;
  for (const delivery of deliveries) {
    if (subscription.isClosed || delivery.seq <= subscription.lastSeq) continue;
    // The widget's own message, already in its hands from the `sent` answer.
    if (!acknowledged?.delete(delivery.seq)) delivery.send();
    subscription.lastSeq = delivery.seq;
  }
  return deliveries.length === PAGE_SIZE;
}

async function fetchForWidget(context: TRealtimeContext, subscription: TSubscription): Promise<TDelivery[]> {
  const { connection } = subscription;
  if (connection.visitor === null) return [];
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
  return shaped.map((message) => ({
    seq: message.seq,
    send: () => sendWidgetFrame(connection, { type: "message", message }),
  }));
}

async function fetchForConsole(context: TRealtimeContext, subscription: TSubscription): Promise<TDelivery[]> {
  const { connection, conversationId } = subscription;
  const member = connection.member;
  if (member === null) return [];
  const actor = await readMemberActor(context.deps, member);
  if (actor === null) {
    signOut(context, connection);
    return [];
  }
  // A pure check first: losing sight of a conversation (a transfer) ends the subscription quietly,
  // instead of core recording a "denied" read the member never asked for.
  if (subscription.isStarted && !(await mayStillRead(context, actor, subscription))) {
    dropSubscription(context, subscription, null);
    return [];
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
  return shaped.map((message) => ({
    seq: message.seq,
    send: () => sendConsoleFrame(connection, { type: "message", conversationId, message }),
  }));
}

async function mayStillRead(
  context: TRealtimeContext,
  actor: TMemberActor,
  subscription: TSubscription,
): Promise<boolean> {
  const scope = context.deps.store.scoped(actor.workspaceId);
  const conversation = await scope.conversations.get(subscription.conversationId);
  return (
    conversation !== null &&
    authorize(actor, "conversation.read", toConversationResource(conversation)).allowed
  );
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
  if (!messages.some((m) => m.author.type === "visitor")) return null;
  const now = Date.now();
  const cached = subscription.visitorName;
  if (cached !== undefined && now - cached.readAt < VISITOR_NAME_TTL_MS) return cached.value;
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
