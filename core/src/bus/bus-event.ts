import { z } from "zod";
import { ZId } from "../schemas/common";
import { ZConversationStatus } from "../schemas/conversation";

// Strict objects: an event that carries anything beyond ids, sequence numbers and states (a body, a
// name) is refused at publish time, so no bus adapter ever carries customer data.

/** A message was stored; subscribers read (and decrypt) it from the store by seq. */
export const ZMessageCreatedEvent = z.strictObject({
  type: z.literal("message.created"),
  workspaceId: ZId,
  conversationId: ZId,
  departmentId: ZId,
  seq: z.number().int().positive(),
  authorType: z.enum(["visitor", "member", "system"]),
});

/** A conversation changed status, assignee or department. */
export const ZConversationUpdatedEvent = z.strictObject({
  type: z.literal("conversation.updated"),
  workspaceId: ZId,
  conversationId: ZId,
  departmentId: ZId,
  status: ZConversationStatus,
  assigneeId: ZId.nullable(),
});

/** A member's sessions must end now: one (`sessionId`) or all of them (`null`). */
export const ZSessionRevokedEvent = z.strictObject({
  type: z.literal("session.revoked"),
  workspaceId: ZId,
  memberId: ZId,
  sessionId: z.string().min(1).max(200).nullable(),
});

/**
 * A conversation's rows are gone (retention, or a visitor's erasure): whoever follows it stops, and
 * inboxes that listed it drop the row. Published after the delete, one event per conversation.
 */
export const ZConversationDeletedEvent = z.strictObject({
  type: z.literal("conversation.deleted"),
  workspaceId: ZId,
  conversationId: ZId,
  reason: z.enum(["retention", "erasure"]),
});

/** Everything the bus carries: ids, sequence numbers and states, never content. */
export const ZBusEvent = z.discriminatedUnion("type", [
  ZMessageCreatedEvent,
  ZConversationUpdatedEvent,
  ZSessionRevokedEvent,
  ZConversationDeletedEvent,
]);
/** One bus event (see ZBusEvent). */
export type TBusEvent = z.infer<typeof ZBusEvent>;
