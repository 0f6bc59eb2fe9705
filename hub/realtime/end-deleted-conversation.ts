import type { TBusEvent } from "@tawkster/core/bus";
import { AppError } from "@tawkster/core/errors";
import type { TConnection } from "./connection";
import { dropSubscription } from "./deliver-messages";
import type { TRealtimeContext } from "./realtime-context";
import { sendConsoleFrame } from "./send-frame";

/**
 * A conversation's rows are gone (retention or erasure): every connection following it, console
 * or widget, loses the subscription with a `resource.gone` error frame naming it, and every console
 * watching the inbox that was told of it gets `inbox-changed`, so its list drops the row. Nothing
 * is read from the store: there is nothing left to read, and the ids are all a frame carries.
 */
export function endDeletedConversation(
  context: TRealtimeContext,
  event: Extract<TBusEvent, { type: "conversation.deleted" }>,
): void {
  const { workspaceId, conversationId, reason } = event;
  for (const connection of [...(context.registry.inboxWatchersByWorkspace.get(workspaceId) ?? [])]) {
    if (connection.member === null) continue;
    // Only a console that was told of it hears of it: the others never knew it existed.
    if (connection.seenInInbox?.delete(conversationId)) {
      sendConsoleFrame(connection, { type: "inbox-changed", conversationId });
    }
  }
  // dropSubscription words the frame from the code and the reason ("Conversation … was erased.").
  const gone = new AppError("resource.gone", "This conversation was deleted.");
  for (const subscription of [...(context.registry.subscriptionsByConversation.get(conversationId) ?? [])]) {
    if (workspaceOf(subscription.connection) !== workspaceId) continue;
    // Not yet authorized by its first fetch: "not available" is all it may learn (and the truth now),
    // not that the conversation existed and was erased.
    dropSubscription(context, subscription, subscription.isStarted ? gone : null, reason);
  }
}

function workspaceOf(connection: TConnection): string | null {
  if (connection.kind === "widget") return connection.visitor?.actor.workspaceId ?? null;
  return connection.member?.workspaceId ?? null;
}
