import type { TConversation } from "../schemas/conversation";
import type { PurgeRepo } from "../store/port";

/** What deleting some conversations removed. */
export type TDeletedRows = { conversationIds: string[]; messages: number; readMarkers: number };

/**
 * Deletes conversations with their messages and read markers: messages first, `chunkSize` per
 * statement across all the conversations, then the conversation rows `chunkSize` per transaction,
 * calling `settle` after each step so live chat keeps its turn.
 *
 * With `onlyIfInactive`, a conversation that had activity since it was read (the visitor came
 * back) keeps its row and every message written since: only messages no newer than the latest
 * planned activity go — they were due anyway — and the row goes only if its activity is unchanged.
 */
export async function deleteConversationRows(
  purge: PurgeRepo,
  conversations: readonly Pick<TConversation, "id" | "lastActivityAt">[],
  options: { chunkSize: number; onlyIfInactive: boolean; settle: () => Promise<void> },
): Promise<TDeletedRows> {
  const deleted: TDeletedRows = { conversationIds: [], messages: 0, readMarkers: 0 };
  if (conversations.length === 0) return deleted;
  const ids = conversations.map((c) => c.id);
  const createdUpTo = options.onlyIfInactive
    ? new Date(Math.max(...conversations.map((c) => c.lastActivityAt.getTime())))
    : null;
  for (;;) {
    const n = await purge.deleteMessages(ids, { createdUpTo, limit: options.chunkSize });
    deleted.messages += n;
    await options.settle();
    if (n < options.chunkSize) break;
  }
  for (let i = 0; i < conversations.length; i += options.chunkSize) {
    const group = conversations.slice(i, i + options.chunkSize);
    const result = await purge.deleteConversations(
      group.map((c) => (options.onlyIfInactive ? { id: c.id, lastActivityAt: c.lastActivityAt } : { id: c.id })),
    );
    deleted.conversationIds.push(...result.deletedIds);
    deleted.messages += result.messages;
    deleted.readMarkers += result.readMarkers;
    await options.settle();
  }
  return deleted;
}
