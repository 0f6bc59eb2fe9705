import type { TConsoleClientFrame } from "@tawkster/core/schemas";
import type { TConnection, TSubscription } from "./connection";
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
