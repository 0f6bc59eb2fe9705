import { z } from "zod";
import { ZId } from "./common";
import { ZConversationStatus } from "./conversation";
import { ZMessageBody } from "./message";

// The console's realtime protocol on the WebSocket at /api/v1/realtime (same origin, authenticated
// by the agent's session cookie at the upgrade). Frames carry what the member may see, already
// masked per policy; inbox notices carry ids only, and the page re-reads through the normal path.

/** A message as an agent's console shows it. */
export const ZConsoleMessage = z.object({
  id: ZId,
  seq: z.number().int().positive(),
  author: z.object({
    type: z.enum(["visitor", "member", "system"]),
    id: ZId.nullable(),
    name: z.string().max(120).nullable(),
  }),
  body: ZMessageBody,
  createdAt: z.iso.datetime(),
});
export type TConsoleMessage = z.infer<typeof ZConsoleMessage>;

export const ZConsoleConversationState = z.object({
  id: ZId,
  status: ZConversationStatus,
  assigneeId: ZId.nullable(),
  departmentId: ZId,
});
export type TConsoleConversationState = z.infer<typeof ZConsoleConversationState>;

/** Most conversation ids a `watch-inbox` frame names (the console remembers as many). */
export const MAX_INBOX_IDS = 200;

/** Frames the console sends. */
export const ZConsoleClientFrame = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("watch-inbox"),
    /**
     * The conversations the page lists (server-rendered), so the inbox hears when one of them is
     * deleted even if no event told this connection of it; at most MAX_INBOX_IDS.
     */
    conversationIds: z.array(ZId).max(MAX_INBOX_IDS).optional(),
  }),
  z.strictObject({ type: z.literal("subscribe"), conversationId: ZId, afterSeq: z.number().int().min(0) }),
  z.strictObject({ type: z.literal("unsubscribe"), conversationId: ZId }),
  z.strictObject({ type: z.literal("ping") }),
]);
export type TConsoleClientFrame = z.infer<typeof ZConsoleClientFrame>;

/** Frames the hub sends to a console. */
export const ZConsoleServerFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("inbox-changed"), conversationId: ZId }),
  z.object({ type: z.literal("message"), conversationId: ZId, message: ZConsoleMessage }),
  z.object({ type: z.literal("conversation"), conversation: ZConsoleConversationState }),
  z.object({ type: z.literal("signed-out") }),
  z.object({ type: z.literal("pong") }),
  z.object({
    type: z.literal("error"),
    error: z.object({
      code: z.string(),
      message: z.string(),
      /** With `rate.limited`: whole seconds before reconnecting (at most a day). */
      retryAfterSeconds: z.number().int().min(1).max(86_400).optional(),
    }),
  }),
]);
export type TConsoleServerFrame = z.infer<typeof ZConsoleServerFrame>;

/** WebSocket close code sent when the session ended (revoked, idle, expired). */
export const CLOSE_SIGNED_OUT = 4401;
