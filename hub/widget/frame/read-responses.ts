import type {
  TWidgetConsentResponse,
  TWidgetConversation,
  TWidgetListMessagesResponse,
  TWidgetMessage,
  TWidgetRealtimeServerFrame,
  TWidgetSessionResponse,
} from "@tawkster/core/widget";

// Shape checks for what the hub sends, in place of core's zod schemas (zod would triple the
// frame's size). They check what the frame relies on; read-responses.test.ts runs them against
// values the core schemas accept and refuse, so the two cannot drift apart silently.

type TRecord = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const STATUSES = ["waiting", "open", "closed"];
const AUTHORS = ["visitor", "agent", "system"];
const CONSENT_MODES = ["essential", "functional-with-consent"];

function isRecord(value: unknown): value is TRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown, max: number): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= max;
}

function isToken(value: unknown): value is string {
  return typeof value === "string" && value.length <= 2048 && TOKEN.test(value);
}

/** A link the frame may render: http(s) only, so a `javascript:` URL can never become an href. */
export function readSafeLink(value: unknown): string | null {
  if (!isText(value, 2000)) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Reads `{ id, status }`; null when malformed. */
export function readConversation(value: unknown): TWidgetConversation | null {
  if (!isRecord(value) || typeof value.id !== "string" || !UUID.test(value.id)) return null;
  if (typeof value.status !== "string" || !STATUSES.includes(value.status)) return null;
  return { id: value.id, status: value.status as TWidgetConversation["status"] };
}

/** Reads one message; null when malformed. */
export function readMessage(value: unknown): TWidgetMessage | null {
  if (!isRecord(value) || typeof value.id !== "string" || !UUID.test(value.id)) return null;
  const { seq, author, agentName, body, createdAt } = value;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (typeof author !== "string" || !AUTHORS.includes(author)) return null;
  if (!isText(body, 8000) || !isText(createdAt, 40) || Number.isNaN(Date.parse(createdAt))) return null;
  if (agentName !== undefined && agentName !== null && !isText(agentName, 120)) return null;
  return {
    id: value.id,
    seq,
    author: author as TWidgetMessage["author"],
    agentName: typeof agentName === "string" ? agentName : null,
    body,
    createdAt,
  };
}

/** Reads the session answer; null when malformed. */
export function readSessionResponse(value: unknown): TWidgetSessionResponse | null {
  if (!isRecord(value) || !isToken(value.visitorToken) || typeof value.visitorId !== "string") return null;
  if (!UUID.test(value.visitorId) || typeof value.persistent !== "boolean") return null;
  if (typeof value.identityVerified !== "boolean" || !isRecord(value.site)) return null;
  const { name, privacyPolicyUrl, consentMode } = value.site;
  if (!isText(name, 120) || typeof consentMode !== "string" || !CONSENT_MODES.includes(consentMode))
    return null;
  const link = privacyPolicyUrl === null ? null : readSafeLink(privacyPolicyUrl);
  if (privacyPolicyUrl !== null && link === null) return null;
  const conversation = value.conversation === null ? null : readConversation(value.conversation);
  if (value.conversation !== null && conversation === null) return null;
  return {
    visitorToken: value.visitorToken,
    visitorId: value.visitorId,
    persistent: value.persistent,
    site: {
      name,
      privacyPolicyUrl: link,
      consentMode: consentMode as TWidgetSessionResponse["site"]["consentMode"],
    },
    conversation,
    identityVerified: value.identityVerified,
  };
}

/** Reads `{ conversation }` (start conversation); null when malformed. */
export function readStartConversationResponse(value: unknown): TWidgetConversation | null {
  return isRecord(value) ? readConversation(value.conversation) : null;
}

/** Reads `{ message }` (send message); null when malformed. */
export function readSendMessageResponse(value: unknown): TWidgetMessage | null {
  return isRecord(value) ? readMessage(value.message) : null;
}

/** Reads a message listing; null when it or any message in it is malformed. */
export function readListMessagesResponse(value: unknown): TWidgetListMessagesResponse | null {
  if (!isRecord(value) || !Array.isArray(value.messages)) return null;
  const conversation = readConversation(value.conversation);
  const messages = value.messages.map(readMessage);
  if (conversation === null || messages.some((message) => message === null)) return null;
  return { conversation, messages: messages as TWidgetMessage[] };
}

/** Reads the consent answer; null when malformed. */
export function readConsentResponse(value: unknown): TWidgetConsentResponse | null {
  if (!isRecord(value) || typeof value.persistent !== "boolean" || !isToken(value.visitorToken)) return null;
  return { persistent: value.persistent, visitorToken: value.visitorToken };
}

/** Reads a realtime frame from the hub; null when malformed or of an unknown type. */
export function readServerFrame(value: unknown): TWidgetRealtimeServerFrame | null {
  if (!isRecord(value)) return null;
  if (value.type === "message") {
    const message = readMessage(value.message);
    return message === null ? null : { type: "message", message };
  }
  if (value.type === "conversation") {
    const conversation = readConversation(value.conversation);
    return conversation === null ? null : { type: "conversation", conversation };
  }
  const { clientMessageId } = value;
  const isId = typeof clientMessageId === "string" && UUID.test(clientMessageId);
  if (value.type === "sent") {
    const message = readMessage(value.message);
    return message === null || !isId ? null : { type: "sent", clientMessageId, message };
  }
  if (value.type === "error" && isRecord(value.error)) {
    const { code, message, retryAfterSeconds } = value.error;
    if (!isText(code, 100) || !isText(message, 1000)) return null;
    const hasRetry = retryAfterSeconds !== undefined;
    if (hasRetry && !isRetryAfter(retryAfterSeconds)) return null;
    const error = hasRetry ? { code, message, retryAfterSeconds } : { code, message };
    if (clientMessageId === undefined) return { type: "error", error };
    return isId ? { type: "error", clientMessageId, error } : null;
  }
  return null;
}

/** Whole seconds to wait after `rate.limited`: 1 to a day. */
function isRetryAfter(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1 && value <= 86_400;
}

/** Reads the `{ error: { code } }` body of a failed call; null when there is none. */
export function readErrorCode(value: unknown): string | null {
  return isRecord(value) && isRecord(value.error) && isText(value.error.code, 100) ? value.error.code : null;
}
