import type { TBusEvent } from "../bus/bus-event";
import { publishSafely } from "../chat/publish-safely";
import type { TLifecycleDeps } from "./deps";

/** Why a conversation's rows were deleted, as `conversation.deleted` tells its followers. */
export type TConversationDeletionReason = Extract<TBusEvent, { type: "conversation.deleted" }>["reason"];

/**
 * Tells live consoles and widgets that these conversations are gone: one `conversation.deleted`
 * event each (ids only). Called by retention and erasure after each batch of rows is deleted, so
 * no run ever holds a publish of thousands of ids; like every publish after a store change it
 * never fails the caller (see `publishSafely`): a console that missed it finds the row gone on its
 * next read.
 */
export async function publishConversationsDeleted(
  deps: TLifecycleDeps,
  workspaceId: string,
  conversationIds: readonly string[],
  reason: TConversationDeletionReason,
): Promise<void> {
  await publishSafely(
    deps,
    conversationIds.map((conversationId) => ({
      type: "conversation.deleted",
      workspaceId,
      conversationId,
      reason,
    })),
  );
}
