import { z } from "zod";
import { ZDisplayName, ZEmail, ZId } from "../schemas/common";
import { ZConversationStatus } from "../schemas/conversation";
import { ZMessageBody } from "../schemas/message";
import { ZConsentMode, ZSiteKey } from "../schemas/site";
import { normalizeOrigin } from "./origin";
import { ZVisitorToken } from "./visitor-token-claims";

// Request objects are strict: an unexpected field is refused, never silently ignored.

/** The hex HMAC-SHA-256 a site's backend computes over the visitor's email (see computeIdentityHash). */
export const ZIdentityHash = z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits");

/** The embedding page's origin, as sent in WIDGET_ORIGIN_HEADER; parsed to its canonical form. */
export const ZWidgetOrigin = z
  .string()
  .max(300)
  .transform((value, context) => {
    const origin = normalizeOrigin(value);
    if (origin === null) {
      context.issues.push({ code: "custom", message: "must be an http(s) origin", input: value });
      return z.NEVER;
    }
    return origin;
  });

/** What the widget sees of a conversation. */
export const ZWidgetConversation = z.object({ id: ZId, status: ZConversationStatus });
export type TWidgetConversation = z.infer<typeof ZWidgetConversation>;

/** Who wrote a message, as the visitor may know it (never an agent's id or email). */
export const ZWidgetMessageAuthor = z.enum(["visitor", "agent", "system"]);
export type TWidgetMessageAuthor = z.infer<typeof ZWidgetMessageAuthor>;

/** One message as the widget receives it; `createdAt` is an ISO 8601 UTC time. */
export const ZWidgetMessage = z.object({
  id: ZId,
  seq: z.number().int().positive(),
  author: ZWidgetMessageAuthor,
  /** The agent's display name for agent messages (null when the workspace hides it). */
  agentName: ZDisplayName.nullable().optional(),
  body: ZMessageBody,
  createdAt: z.iso.datetime(),
});
export type TWidgetMessage = z.infer<typeof ZWidgetMessage>;

// POST /api/v1/widget/session

/** Starts or resumes a visitor's session (the token, if any, travels in the body here). */
export const ZWidgetSessionRequest = z.strictObject({
  siteKey: ZSiteKey,
  visitorToken: ZVisitorToken.optional(),
  identity: z
    .strictObject({ email: ZEmail, name: ZDisplayName.optional(), userHash: ZIdentityHash })
    .optional(),
  consent: z.strictObject({ functional: z.boolean() }).optional(),
});
export type TWidgetSessionRequest = z.infer<typeof ZWidgetSessionRequest>;

export const ZWidgetSessionResponse = z.object({
  visitorToken: ZVisitorToken,
  visitorId: ZId,
  /** Whether the token may be kept beyond the browser session (functional consent given). */
  persistent: z.boolean(),
  site: z.object({
    name: ZDisplayName,
    privacyPolicyUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable(),
    consentMode: ZConsentMode,
  }),
  conversation: ZWidgetConversation.nullable(),
  identityVerified: z.boolean(),
});
export type TWidgetSessionResponse = z.infer<typeof ZWidgetSessionResponse>;

// POST /api/v1/widget/conversations

export const ZWidgetStartConversationRequest = z.strictObject({});
export type TWidgetStartConversationRequest = z.infer<typeof ZWidgetStartConversationRequest>;

export const ZWidgetStartConversationResponse = z.object({ conversation: ZWidgetConversation });
export type TWidgetStartConversationResponse = z.infer<typeof ZWidgetStartConversationResponse>;

// POST /api/v1/widget/messages (201)

/**
 * Sends a message; `clientMessageId` makes a retry idempotent (same id → same stored message, on
 * any hub instance). The widget's ids are UUIDs (36 characters of hex digits and '-'), a subset of
 * what core's `ZClientMessageId` accepts, so every id valid here is valid where it is stored.
 */
export const ZWidgetSendMessageRequest = z.strictObject({
  conversationId: ZId,
  body: ZMessageBody,
  clientMessageId: z.uuid(),
});
export type TWidgetSendMessageRequest = z.infer<typeof ZWidgetSendMessageRequest>;

export const ZWidgetSendMessageResponse = z.object({ message: ZWidgetMessage });
export type TWidgetSendMessageResponse = z.infer<typeof ZWidgetSendMessageResponse>;

// GET /api/v1/widget/messages?conversationId=&afterSeq=

/** A sequence number in a query string: digits only, 0 meaning "from the start". */
const ZSeqParam = z
  .string()
  .regex(/^\d{1,15}$/, "must be a non-negative integer")
  .transform(Number);

/** The query of a message listing, from `URLSearchParams` via `Object.fromEntries`. */
export const ZWidgetListMessagesQuery = z.strictObject({
  conversationId: ZId,
  afterSeq: ZSeqParam.optional().default(0),
});
export type TWidgetListMessagesQuery = z.infer<typeof ZWidgetListMessagesQuery>;

export const ZWidgetListMessagesResponse = z.object({
  messages: z.array(ZWidgetMessage),
  conversation: ZWidgetConversation,
});
export type TWidgetListMessagesResponse = z.infer<typeof ZWidgetListMessagesResponse>;

// POST /api/v1/widget/consent

export const ZWidgetConsentRequest = z.strictObject({ functional: z.boolean() });
export type TWidgetConsentRequest = z.infer<typeof ZWidgetConsentRequest>;

export const ZWidgetConsentResponse = z.object({ persistent: z.boolean(), visitorToken: ZVisitorToken });
export type TWidgetConsentResponse = z.infer<typeof ZWidgetConsentResponse>;

// WebSocket /api/v1/realtime (JSON text frames)

/** Whole seconds a client is told to wait after `rate.limited` (at most a day). */
export const ZRetryAfterSeconds = z.number().int().min(1).max(86_400);

/**
 * Frames the widget sends. The first must be `auth` (tokens never go in URLs, which end up in
 * logs); `origin` is the embedding page's origin, as in WIDGET_ORIGIN_HEADER.
 *
 * `send` is POST /api/v1/widget/messages over the socket: the same fields and the same rules
 * (idempotent on clientMessageId, shared with the POST), answered by `sent` once the message is
 * durably stored, or by an `error` frame carrying the same clientMessageId.
 */
export const ZWidgetRealtimeClientFrame = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("auth"), visitorToken: ZVisitorToken, origin: ZWidgetOrigin }),
  z.strictObject({
    type: z.literal("subscribe"),
    conversationId: ZId,
    afterSeq: z.number().int().nonnegative(),
  }),
  z.strictObject({ type: z.literal("send"), ...ZWidgetSendMessageRequest.shape }),
]);
export type TWidgetRealtimeClientFrame = z.input<typeof ZWidgetRealtimeClientFrame>;

/**
 * Frames the hub sends to the widget. An `error` about one `send` carries its clientMessageId;
 * one without it is about the connection or its subscription.
 */
export const ZWidgetRealtimeServerFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message"), message: ZWidgetMessage }),
  z.object({ type: z.literal("conversation"), conversation: ZWidgetConversation }),
  z.object({
    type: z.literal("sent"),
    clientMessageId: ZWidgetSendMessageRequest.shape.clientMessageId,
    message: ZWidgetMessage,
  }),
  z.object({
    type: z.literal("error"),
    clientMessageId: ZWidgetSendMessageRequest.shape.clientMessageId.optional(),
    error: z.object({
      code: z.string().min(1),
      message: z.string().min(1),
      /** With `rate.limited`: whole seconds before trying again (a send, or reconnecting). */
      retryAfterSeconds: ZRetryAfterSeconds.optional(),
    }),
  }),
]);
export type TWidgetRealtimeServerFrame = z.infer<typeof ZWidgetRealtimeServerFrame>;
