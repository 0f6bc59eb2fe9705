import { sendMessage } from "@tawkster/core/chat";
import { AppError } from "@tawkster/core/errors";
import { assertWithinRate } from "@tawkster/core/ratelimit";
import type { TVisitorActor } from "@tawkster/core/rbac";
import type { Store } from "@tawkster/core/store";
import type { TWidgetMessage, TWidgetSendMessageRequest } from "@tawkster/core/widget";
import type { THub } from "../hub-context";
import { toWidgetMessages, toWidgetMessagesNow } from "../shape-messages";
import type { TRecentSend } from "./recent-messages";
import { widgetStateOf } from "./widget-state";

/**
 * Sends a visitor's message, for both edges that accept one (POST /api/v1/widget/messages and the
 * realtime `send` frame), so they follow the same rules:
 * - idempotent on (visitor, clientMessageId): the database decides (core's `sendMessage` keeps one
 *   message per author and id, so a retry that reaches another hub instance, or this one after a
 *   restart, gets the message already stored); `recentMessages` is this process's fast path in
 *   front of it: a retry here gets the stored message (or waits for the same write still in
 *   flight) without a second encryption and insert attempt, and does not count against the rate
 *   limit. The same id reused for another body or conversation is `resource.conflict`;
 * - at most `WIDGET_LIMITS.messagesPerVisitor` new messages per visitor (`rate.limited`);
 * - core's `sendMessage` as the visitor (their own, still active conversation only), which
 *   resolves only once the message is durably stored: resolving is the acknowledgement.
 *
 * The caller has authenticated the visitor (token, expiry, allowed origin) and validated `input`.
 * `store` is the hub's store, or the realtime server's, whose first reads of a send come from its
 * access cache (realtime/send-store.ts).
 */
export function sendWidgetMessage(
  hub: THub,
  actor: TVisitorActor,
  input: TWidgetSendMessageRequest,
  store: Store = hub.store,
): Promise<TWidgetMessage> {
  // Not an async function (every promise of a message's path costs async hooks in the hub): its
  // refusals still reach the caller as a rejection, never as a throw.
  try {
    return startSend(hub, actor, input, store);
  } catch (error) {
    return Promise.reject(error);
  }
}

function startSend(
  hub: THub,
  actor: TVisitorActor,
  input: TWidgetSendMessageRequest,
  store: Store,
): Promise<TWidgetMessage> {
  const { recentMessages, messages: limiter } = widgetStateOf(hub);
  const { visitorId, workspaceId } = actor;
  const { clientMessageId } = input;

  const previous = recentMessages.get(visitorId, clientMessageId);
  if (previous !== undefined) {
    if (previous.conversationId !== input.conversationId || previous.body !== input.body) {
      throw new AppError("resource.conflict", "This clientMessageId was already used for another message.");
    }
    return previous.result;
  }

  assertWithinRate(limiter.take(visitorId));
  const deps = { store, vault: hub.vault, bus: hub.bus, now: hub.now };
  // Nothing was stored (or it cannot be told): a retry must really try again. (Called only once
  // the send settled, long after `send` below exists.)
  const forget = (error: unknown): never => {
    recentMessages.delete(visitorId, clientMessageId, send);
    throw error;
  };
  const result = sendMessage(deps, actor, {
    conversationId: input.conversationId,
    body: input.body,
    clientMessageId,
  }).then((stored) => {
    try {
      // The visitor wrote it: no member's name to read.
      const shaped = toWidgetMessagesNow([stored]);
      if (shaped !== null) return firstOf(shaped);
      return toWidgetMessages(hub.store.scoped(workspaceId), [stored]).then(firstOf, forget);
    } catch (error) {
      return forget(error);
    }
  }, forget);
  const send: TRecentSend = { conversationId: input.conversationId, body: input.body, result };
  recentMessages.set(visitorId, clientMessageId, send);
  return result;
}

function firstOf(messages: TWidgetMessage[]): TWidgetMessage {
  const [message] = messages;
  if (message === undefined) throw new AppError("internal.error", "Something went wrong on our side.");
  return message;
}
