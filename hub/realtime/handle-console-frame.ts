import { authorize, toConversationResource } from "@tawkster/core/rbac";
import type { TConsoleClientFrame } from "@tawkster/core/schemas";
import { rememberSeen, type TConnection, type TSubscription } from "./connection";
import { pumpSubscription } from "./deliver-messages";
import type { TRealtimeContext } from "./realtime-context";
import { registerInboxWatcher, registerSubscription, unregisterSubscription } from "./registry";
import { sendConsoleFrame, sendErrorFrame } from "./send-frame";
import { signOut } from "./sign-out";

/** Runs one (already validated) frame of the console protocol. */
export async function handleConsoleFrame(
  context: TRealtimeContext,
  connection: TConnection,
  frame: TConsoleClientFrame,
): Promise<void> {
  if (connection.member === null) {
    // No session at the upgrade (or the widget's origin without one): nothing to serve.
    signOut(context, connection);
    return;
  }
  connection.kind = "console";
  switch (frame.type) {
    case "ping":
      sendConsoleFrame(connection, { type: "pong" });
      return;
    case "watch-inbox":
      registerInboxWatcher(context.registry, connection);
      await rememberListed(context, connection, frame.conversationIds ?? []);
      return;
    case "unsubscribe": {
      const subscription = connection.subscriptions?.get(frame.conversationId);
      if (subscription !== undefined) unregisterSubscription(context.registry, subscription);
      return;
    }
    case "subscribe":
      await subscribe(context, connection, frame.conversationId, frame.afterSeq);
      return;
  }
}

/**
 * Remembers the conversations the inbox page lists as known to this console, so that it hears
 * when one is deleted or leaves its sight. Only those the member may read now: naming another
 * department's id teaches the console nothing, not even that the id exists.
 */
async function rememberListed(
  context: TRealtimeContext,
  connection: TConnection,
  conversationIds: readonly string[],
): Promise<void> {
  const member = connection.member;
  if (member === null || conversationIds.length === 0) return;
  const actor = await context.access.memberActor(member.workspaceId, member.memberId);
  if (actor === null) {
    signOut(context, connection);
    return;
  }
  const conversations = await Promise.all(
    conversationIds.map((id) => context.access.conversation(member.workspaceId, id)),
  );
  for (const conversation of conversations) {
    if (
      conversation !== null &&
      authorize(actor, "conversation.read", toConversationResource(conversation)).allowed
    )
      rememberSeen(connection, conversation.id);
  }
}

async function subscribe(
  context: TRealtimeContext,
  connection: TConnection,
  conversationId: string,
  afterSeq: number,
): Promise<void> {
  const member = connection.member;
  if (member === null) return;
  const isNew = connection.subscriptions?.has(conversationId) !== true;
  if (isNew && (connection.subscriptions?.size ?? 0) >= context.limits.maxConsoleSubscriptions) {
    sendErrorFrame(
      connection,
      "request.too_large",
      `At most ${context.limits.maxConsoleSubscriptions} conversations per connection; unsubscribe one first.`,
    );
    return;
  }
  const subscription: TSubscription = {
    connection,
    conversationId,
    lastSeq: afterSeq,
    isStarted: false,
    isPumping: false,
    isDirty: false,
    isClosed: false,
  };
  // Registered before the first fetch, so a message stored meanwhile marks it dirty, not lost.
  registerSubscription(context.registry, subscription);
  // Not awaited: a long catch-up must not hold up the connection's next frame (say, unsubscribe).
  void pumpSubscription(context, subscription);
}
