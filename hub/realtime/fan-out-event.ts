import type { TBusEvent, TLocalDetail } from "@tawkster/core/bus";
import { authorize, type TMemberActor, toConversationResource } from "@tawkster/core/rbac";
import type { TConversation } from "@tawkster/core/schemas";
import { rememberSeen, type TConnection, type TConsoleMember } from "./connection";
import { dropSubscription, pumpSubscription } from "./deliver-messages";
import { endDeletedConversation } from "./end-deleted-conversation";
import type { TRealtimeContext } from "./realtime-context";
import { sendConsoleFrame, sendWidgetFrame } from "./send-frame";
import { signOut } from "./sign-out";

/**
 * Routes one bus event to the connections it concerns. Events carry ids and states only; what a
 * connection receives is decided now, per connection, from the conversation and member rows as
 * the access cache has them: a change made through this hub empties the cache before it commits,
 * and the event's own change is forgotten before this runs (realtime-server.ts), so a transfer or
 * a demotion applies to the very next event. A `message.created` published in this process comes
 * with the stored message (`local`), delivered from memory to the subscriptions it is next for.
 */
export function fanOutEvent(
  context: TRealtimeContext,
  event: TBusEvent,
  local?: TLocalDetail,
): Promise<void> | undefined {
  // Not an async function: a message's fan-out usually completes without waiting (each promise
  // costs async hooks in the hub); a promise is returned only when something is still under way.
  switch (event.type) {
    case "session.revoked":
      for (const connection of [...(context.registry.consolesByMember.get(event.memberId) ?? [])]) {
        if (event.sessionId === null || connection.member?.sessionId === event.sessionId)
          signOut(context, connection);
      }
      return;
    case "message.created": {
      const { message, policy } = local ?? {};
      const fresh =
        message !== undefined &&
        policy !== undefined &&
        message.conversationId === event.conversationId &&
        message.seq === event.seq
          ? { message, policy, departmentId: event.departmentId }
          : undefined;
      const following = context.registry.subscriptionsByConversation.get(event.conversationId);
      for (const subscription of following === undefined ? [] : [...following]) {
        subscription.announcedSeq = Math.max(subscription.announcedSeq ?? 0, event.seq);
        if (subscription.lastSeq >= event.seq) continue;
        // The widget whose own send this is gets its message in the `sent` answer; whatever else
        // arrived meanwhile is fetched right after that answer (see handle-widget-send.ts).
        if (subscription.connection.sendingTo === event.conversationId) continue;
        void pumpSubscription(context, subscription, fresh);
      }
      return notifyInboxes(context, event.workspaceId, event.conversationId);
    }
    case "conversation.updated":
      return announceAndNotify(context, event);
    case "conversation.deleted":
      endDeletedConversation(context, event);
      return;
  }
}

async function announceAndNotify(
  context: TRealtimeContext,
  event: Extract<TBusEvent, { type: "conversation.updated" }>,
): Promise<void> {
  await announceState(context, event);
  await notifyInboxes(context, event.workspaceId, event.conversationId);
}

type TReader = {
  conversation: () => Promise<TConversation | null>;
  actor: (member: TConsoleMember) => Promise<TMemberActor | null>;
};

/** Reads shared by every connection within one event: each row at most once per event (through the access cache). */
function createEventReader(context: TRealtimeContext, workspaceId: string, conversationId: string): TReader {
  let conversation: Promise<TConversation | null> | undefined;
  const actors = new Map<string, Promise<TMemberActor | null>>();
  return {
    conversation: () => {
      conversation ??= context.access.conversation(workspaceId, conversationId);
      return conversation;
    },
    actor: (member) => {
      let actor = actors.get(member.memberId);
      if (actor === undefined) {
        actor = context.access.memberActor(member.workspaceId, member.memberId);
        actors.set(member.memberId, actor);
      }
      return actor;
    },
  };
}

/** `conversation` frames to everyone following it who may still read it; the others lose the subscription. */
async function announceState(
  context: TRealtimeContext,
  event: Extract<TBusEvent, { type: "conversation.updated" }>,
): Promise<void> {
  const subscriptions = [...(context.registry.subscriptionsByConversation.get(event.conversationId) ?? [])];
  if (subscriptions.length === 0) return;
  const reader = createEventReader(context, event.workspaceId, event.conversationId);
  for (const subscription of subscriptions) {
    const { connection } = subscription;
    // Not yet authorized by its first fetch (which sends the state itself): nothing to tell it.
    if (!subscription.isStarted) continue;
    if (connection.kind === "widget") {
      sendWidgetFrame(connection, {
        type: "conversation",
        conversation: { id: event.conversationId, status: event.status },
      });
      continue;
    }
    if (connection.member === null || connection.member.workspaceId !== event.workspaceId) continue;
    const [conversation, actor] = await Promise.all([reader.conversation(), reader.actor(connection.member)]);
    if (actor === null) {
      signOut(context, connection);
      continue;
    }
    if (
      conversation === null ||
      !authorize(actor, "conversation.read", toConversationResource(conversation)).allowed
    ) {
      dropSubscription(context, subscription, null);
      continue;
    }
    const { id, status, assigneeId, departmentId } = conversation;
    sendConsoleFrame(connection, {
      type: "conversation",
      conversation: { id, status, assigneeId, departmentId },
    });
  }
}

/**
 * `inbox-changed` (ids only) to every console watching the workspace's inbox that may read the
 * conversation now, and once more to one that was told about it before but may not any more (it
 * was transferred away or closed), so its list drops the row.
 */
function notifyInboxes(
  context: TRealtimeContext,
  workspaceId: string,
  conversationId: string,
): Promise<void> | undefined {
  const watching = context.registry.inboxWatchersByWorkspace.get(workspaceId);
  // Nobody watching the workspace's inbox (empty sets are removed): nothing to wait for.
  if (watching === undefined || watching.size === 0) return undefined;
  const watchers = [...watching];
  if (notifyWatchersNow(context, workspaceId, conversationId, watchers)) return undefined;
  return notifyWatchers(context, workspaceId, conversationId, watchers);
}

async function notifyWatchers(
  context: TRealtimeContext,
  workspaceId: string,
  conversationId: string,
  watchers: readonly TConnection[],
): Promise<void> {
  const reader = createEventReader(context, workspaceId, conversationId);
  const conversation = await reader.conversation();
  for (const connection of watchers) {
    if (connection.member === null) continue;
    tellWatcher(context, connection, conversationId, conversation, await reader.actor(connection.member));
  }
}

/**
 * As notifyWatchers, without waiting, when the conversation's row and every watcher's actor are at
 * hand in the access cache (a live chat's usual case); false, having told nobody, otherwise.
 */
function notifyWatchersNow(
  context: TRealtimeContext,
  workspaceId: string,
  conversationId: string,
  watchers: readonly TConnection[],
): boolean {
  const conversation = context.access.conversationNow(workspaceId, conversationId);
  if (conversation === undefined) return false;
  const actors: (TMemberActor | null)[] = [];
  for (const connection of watchers) {
    const { member } = connection;
    const actor = member === null ? null : context.access.memberActorNow(member.workspaceId, member.memberId);
    if (actor === undefined) return false;
    actors.push(actor);
  }
  watchers.forEach((connection, index) => {
    if (connection.member !== null)
      tellWatcher(context, connection, conversationId, conversation, actors[index] ?? null);
  });
  return true;
}

/** One inbox watcher's `inbox-changed`, decided from the conversation and its member's actor now. */
function tellWatcher(
  context: TRealtimeContext,
  connection: TConnection,
  conversationId: string,
  conversation: TConversation | null,
  actor: TMemberActor | null,
): void {
  if (actor === null) {
    signOut(context, connection);
    return;
  }
  const mayRead =
    conversation !== null &&
    authorize(actor, "conversation.read", toConversationResource(conversation)).allowed;
  if (mayRead) {
    rememberSeen(connection, conversationId);
    sendConsoleFrame(connection, { type: "inbox-changed", conversationId });
  } else if (connection.seenInInbox?.delete(conversationId)) {
    sendConsoleFrame(connection, { type: "inbox-changed", conversationId });
  }
}
