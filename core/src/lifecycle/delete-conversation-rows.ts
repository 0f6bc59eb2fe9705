import type { TConversation } from "../schemas/conversation";
import type { PurgeRepo } from "../store/port";
import { yieldToEventLoop } from "./yield-to-event-loop";

/** What deleting some conversations removed. */
export type TDeletedRows = { conversationIds: string[]; messages: number; readMarkers: number };

/**
 * Deletes conversations with their messages and read markers, a bounded chunk of messages per
 * statement and one short transaction per conversation, yielding to the event loop between them
 * so live chat keeps its turn. With `onlyIfInactive`, a conversation that had activity since it was
 * read (the visitor came back) keeps its row and every message written since: only messages up to
 * its planned last activity go, and they were due anyway.
 */
export async function deleteConversationRows(
  purge: PurgeRepo,
  conversations: readonly Pick<TConversation, "id" | "lastActivityAt">[],
  options: { chunkSize: number; onlyIfInactive: boolean },
): Promise<TDeletedRows> {
  const deleted: TDeletedRows = { conversationIds: [], messages: 0, readMarkers: 0 };
  for (const conversation of conversations) {
    const createdUpTo = options.onlyIfInactive ? conversation.lastActivityAt : null;
    for (;;) {
      const n = await purge.deleteMessages(conversation.id, { createdUpTo, limit: options.chunkSize });
      deleted.messages += n;
      await yieldToEventLoop();
      if (n < options.chunkSize) break;
    }
    const result = await purge.deleteConversation(
      conversation.id,
      options.onlyIfInactive ? { lastActivityAt: conversation.lastActivityAt } : {},
    );
    deleted.messages += result.messages;
    deleted.readMarkers += result.readMarkers;
    if (result.deleted) deleted.conversationIds.push(conversation.id);
  }
  return deleted;
}
