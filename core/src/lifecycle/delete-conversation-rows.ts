import type { TConversation } from "../schemas/conversation";
import type { PurgeRepo } from "../store/port";
import type { TWritePacer } from "./create-write-pacer";

/** What deleting some conversations removed. */
export type TDeletedRows = { conversationIds: string[]; messages: number; readMarkers: number };

/**
 * Deletes conversations with their messages and read markers: messages first, `chunkSize` per
 * statement across all the conversations, then the conversation rows `chunkSize` per transaction,
 * each step run through `paced` so live chat keeps its turn. `onDeleted` hears the ids of each
 * group of conversation rows once its transaction committed (to tell live clients, batch by batch).
 *
 * With `onlyIfInactive`, a conversation that had activity since it was read (the visitor came
 * back) keeps its row and every message written since: only messages no newer than the latest
 * planned activity go — they were due anyway — and the row goes only if its activity is unchanged.
 */
export async function deleteConversationRows(
  purge: PurgeRepo,
  conversations: readonly Pick<TConversation, "id" | "lastActivityAt">[],
  options: {
    chunkSize: number;
    onlyIfInactive: boolean;
    paced: TWritePacer;
    onDeleted?: ((conversationIds: string[]) => Promise<void>) | undefined;
  },
): Promise<TDeletedRows> {
  const deleted: TDeletedRows = { conversationIds: [], messages: 0, readMarkers: 0 };
  if (conversations.length === 0) return deleted;
  const { chunkSize, paced } = options;
  const ids = conversations.map((c) => c.id);
  const createdUpTo = options.onlyIfInactive
    ? new Date(Math.max(...conversations.map((c) => c.lastActivityAt.getTime())))
    : null;
  for (;;) {
    const n = await paced(() => purge.deleteMessages(ids, { createdUpTo, limit: chunkSize }));
    deleted.messages += n;
    if (n < chunkSize) break;
  }
  for (let i = 0; i < conversations.length; i += chunkSize) {
    const group = conversations.slice(i, i + chunkSize);
    const result = await paced(() =>
      purge.deleteConversations(
        group.map((c) =>
          options.onlyIfInactive ? { id: c.id, lastActivityAt: c.lastActivityAt } : { id: c.id },
        ),
      ),
    );
    deleted.conversationIds.push(...result.deletedIds);
    if (result.deletedIds.length > 0) await options.onDeleted?.(result.deletedIds);
    deleted.messages += result.messages;
    deleted.readMarkers += result.readMarkers;
  }
  return deleted;
}
