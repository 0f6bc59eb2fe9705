import type { ConversationRepo, PolicyRepo, ScopedStore, Store } from "@tawkster/core/store";
import { wrapStoreScopes } from "../lib/wrap-store-scopes";
import type { TAccessCache } from "./access-cache";

/**
 * The store a widget's `send` frame is stored through: the hub's own, except that the facts core's
 * `sendMessage` reads first (the conversation, the data key id of its visitor, the workspace's
 * policies) come from the access cache, so a chatting visitor's every message does not read the
 * same rows again.
 *
 * Core still decides every send from them (`authorize`, the closed check, the erased check), and
 * they are as current as delivery's: a write to any of them through this process empties the entry
 * before it starts (watch-store-writes.ts), bus events about the conversation empty it, and nothing
 * is kept longer than ACCESS_TTL_MS. What the cache cannot make stale is checked by the write
 * itself: the append bumps the conversation row (no row, nothing stored), and sealing needs the
 * visitor's key, which an erasure destroys first.
 */
export function createSendStore(store: Store, access: TAccessCache): Store {
  const wrap = (inner: ScopedStore): ScopedStore => {
    const { workspaceId } = inner;
    const readWithVisitorKey = async (id: string) => {
      const conversation = await access.conversation(workspaceId, id);
      if (conversation === null) return null;
      return { conversation, visitorKeyId: await access.visitorKeyId(workspaceId, conversation.visitorId) };
    };
    // Both facts at hand (a chatting visitor's every message after the first): one resolved
    // promise instead of an async function's and its awaits'.
    const getWithVisitorKey: ConversationRepo["getWithVisitorKey"] = (id) => {
      const conversation = access.conversationNow(workspaceId, id);
      if (conversation === null) return Promise.resolve(null);
      if (conversation !== undefined) {
        const visitorKeyId = access.visitorKeyIdNow(workspaceId, conversation.visitorId);
        if (visitorKeyId !== undefined) return Promise.resolve({ conversation, visitorKeyId });
      }
      return readWithVisitorKey(id);
    };
    const list: PolicyRepo["list"] = () => access.policies(workspaceId);
    return {
      ...inner,
      workspaceId,
      conversations: { ...inner.conversations, getWithVisitorKey },
      policies: { ...inner.policies, list },
    };
  };
  return wrapStoreScopes(store, wrap);
}
