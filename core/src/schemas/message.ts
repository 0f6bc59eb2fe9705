import { z } from "zod";
import { ZId, ZTimestamp } from "./common";

export const ZMessageAuthor = z.discriminatedUnion("type", [
  z.object({ type: z.literal("visitor"), id: ZId }),
  z.object({ type: z.literal("member"), id: ZId }),
  z.object({ type: z.literal("system") }),
]);
export type TMessageAuthor = z.infer<typeof ZMessageAuthor>;

/**
 * A sender's idempotency key for one message (the widget sends a UUID): the same author sending
 * the same id again gets the message already stored. Opaque to the hub, never shown to anyone
 * else; capped and limited to a URL-safe charset so it can be logged, indexed and compared as is.
 */
export const ZClientMessageId = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "must use only letters, digits, '-' and '_'");

/** Text a visitor or agent may send: any Unicode, but not empty and not huge. */
export const ZMessageBody = z
  .string()
  .max(8000, "must be at most 8000 characters")
  .refine((s) => s.trim().length > 0, "must not be empty");

export const ZMessage = z.object({
  id: ZId,
  workspaceId: ZId,
  conversationId: ZId,
  /** Per-conversation sequence, from 1: clients resume from the last one they saw. */
  seq: z.number().int().positive(),
  author: ZMessageAuthor,
  body: ZMessageBody,
  createdAt: ZTimestamp,
});
export type TMessage = z.infer<typeof ZMessage>;
