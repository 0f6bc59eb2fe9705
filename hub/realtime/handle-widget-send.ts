import { isAppError, toErrorResponse } from "@tawkster/core/errors";
import { retryAfterOf } from "@tawkster/core/ratelimit";
import type { TWidgetSendMessageRequest } from "@tawkster/core/widget";
import { sendWidgetMessage } from "../lib/widget/send-widget-message";
import { authRequired, originNotAllowed } from "../lib/widget/widget-request";
import type { TConnection } from "./connection";
import { pumpSubscription } from "./deliver-messages";
import {
  endWidgetSession,
  readWidgetSessionProblem,
  readWidgetSessionProblemNow,
} from "./handle-widget-frame";
import type { TRealtimeContext } from "./realtime-context";
import { sendShapedFrame, sendWidgetFrame } from "./send-frame";

/**
 * Runs a widget's `send` frame (already validated) with the rules of POST
 * /api/v1/widget/messages, shared through sendWidgetMessage, as the connection's visitor:
 * - the session is checked again first, as every HTTP call checks it: an expired token is refused
 *   with `auth.required`, a page whose domain the site no longer allows with
 *   `access.origin_not_allowed`, and the connection then ends as the heartbeat would end it;
 * - `sent` with the stored message goes out only once sendWidgetMessage resolved (durably stored);
 * - any refusal is an `error` frame carrying the clientMessageId and the code the POST answers
 *   (rate.limited, resource.conflict, resource.not_found…); the connection stays open.
 *
 * The frame queue does not wait for the store: the connection's next frames (a subscribe, a ping)
 * are handled meanwhile. Sends of one connection wait for each other instead, so the messages are
 * stored, and acknowledged, in the order the visitor sent them.
 */
export function enqueueWidgetSend(
  context: TRealtimeContext,
  connection: TConnection,
  request: TWidgetSendMessageRequest,
): void {
  // A plain queue rather than a chain of promises: every promise costs async hooks in the hub.
  if (connection.sending !== null) {
    connection.sending.push(request);
    return;
  }
  connection.sending = [request];
  runQueuedSends(context, connection);
}

/** Runs the connection's queued sends in order, one at a time, until none is left. */
function runQueuedSends(context: TRealtimeContext, connection: TConnection): void {
  const queue = connection.sending;
  for (let request = queue?.shift(); request !== undefined; request = queue?.shift()) {
    // Still being stored: its answer calls this again.
    if (runSend(context, connection, request)) return;
  }
  connection.sending = null;
}

/** An error frame about one send (the connection stays open); `rate.limited` says when to retry. */
export function sendSendError(
  connection: TConnection,
  clientMessageId: string | undefined,
  code: string,
  message: string,
  retryAfterSeconds: number | null = null,
): void {
  sendWidgetFrame(connection, {
    type: "error",
    ...(clientMessageId === undefined ? {} : { clientMessageId }),
    error: {
      code,
      message,
      ...(retryAfterSeconds === null ? {} : { retryAfterSeconds: Math.min(retryAfterSeconds, 86_400) }),
    },
  });
}

/**
 * Runs one send. True while the message is being stored: once answered, it calls runQueuedSends
 * (exactly once) for the next one; false when already answered.
 */
function runSend(
  context: TRealtimeContext,
  connection: TConnection,
  request: TWidgetSendMessageRequest,
): boolean {
  // Closed while earlier sends were stored: nobody would hear the answer. The widget sends it
  // again over HTTP with the same clientMessageId.
  if (connection.isClosed) return false;
  let now: Date;
  let problem: TSessionProblem | undefined;
  try {
    now = context.hub.now();
    // The session is checked without waiting when the site's row is at hand (nearly always).
    problem = readWidgetSessionProblemNow(context, connection, now);
  } catch (error) {
    failSend(context, connection, request, error);
    return false;
  }
  if (problem !== undefined) return storeSend(context, connection, request, problem);
  readWidgetSessionProblem(context, connection, now).then(
    (read) => {
      if (!storeSend(context, connection, request, read)) runQueuedSends(context, connection);
    },
    (error: unknown) => answered(context, connection, () => failSend(context, connection, request, error)),
  );
  return true;
}

type TSessionProblem = "auth.required" | "access.origin_not_allowed" | null;

/**
 * Stores the message once the session was checked, then answers `sent` (or the refusal). True
 * while it is being stored (the answer then calls runQueuedSends), as runSend.
 */
function storeSend(
  context: TRealtimeContext,
  connection: TConnection,
  request: TWidgetSendMessageRequest,
  problem: TSessionProblem,
): boolean {
  const { clientMessageId, conversationId } = request;
  try {
    const visitor = connection.visitor;
    if (problem !== null || visitor === null) {
      const refusal = problem === "access.origin_not_allowed" ? originNotAllowed() : authRequired();
      sendSendError(connection, clientMessageId, refusal.code, refusal.message);
      endWidgetSession(context, connection);
      return false;
    }
    connection.sendingTo = conversationId;
    sendWidgetMessage(context.hub, visitor.actor, request, context.sendStore).then(
      (message) => {
        connection.sendingTo = null;
        answered(
          context,
          connection,
          () => {
            sendShapedFrame(connection, { type: "sent", clientMessageId, message });
            catchUp(context, connection, conversationId, message.seq);
          },
          request,
        );
      },
      (error: unknown) => {
        connection.sendingTo = null;
        answered(context, connection, () => failSend(context, connection, request, error));
      },
    );
    return true;
  } catch (error) {
    connection.sendingTo = null;
    failSend(context, connection, request, error);
    return false;
  }
}

/**
 * Runs a stored send's answer, then the connection's next send, whatever happens: an answer that
 * throws is answered as a failed send (when `request` says which), and the queue never stalls.
 */
function answered(
  context: TRealtimeContext,
  connection: TConnection,
  answer: () => void,
  request?: TWidgetSendMessageRequest,
): void {
  try {
    answer();
  } catch (error) {
    if (request !== undefined) failSend(context, connection, request, error);
  } finally {
    runQueuedSends(context, connection);
  }
}

/** Answers a send that failed with the code the POST would answer; the connection stays open. */
function failSend(
  context: TRealtimeContext,
  connection: TConnection,
  request: TWidgetSendMessageRequest,
  error: unknown,
): void {
  const { status, body } = toErrorResponse(error);
  if (status >= 500) {
    // The code or class only: an error's message could quote the message it was storing.
    const name = isAppError(error) ? error.code : error instanceof Error ? error.name : "unknown";
    console.error(`realtime: send failed (${name})`);
  }
  sendSendError(
    connection,
    request.clientMessageId,
    body.error.code,
    body.error.message,
    retryAfterOf(error),
  );
  catchUp(context, connection, request.conversationId, null);
}

/**
 * After a send: the message itself went out in `sent`, so the widget's subscription moves past it
 * (or, when others came before it, remembers to skip it): no echo of the same message. Anything
 * else announced while the send was being stored is delivered now, as it would have been.
 */
function catchUp(
  context: TRealtimeContext,
  connection: TConnection,
  conversationId: string,
  sentSeq: number | null,
): void {
  const subscription = connection.subscriptions?.get(conversationId);
  if (subscription === undefined || subscription.isClosed) return;
  if (sentSeq !== null && subscription.isStarted && sentSeq > subscription.lastSeq) {
    if (subscription.lastSeq === sentSeq - 1) subscription.lastSeq = sentSeq;
    else {
      subscription.acknowledgedSeqs ??= new Set();
      subscription.acknowledgedSeqs.add(sentSeq);
    }
  }
  if ((subscription.announcedSeq ?? 0) > subscription.lastSeq) void pumpSubscription(context, subscription);
}
