import type { ScopedStore, Store } from "@tawkster/core/store";
import { wrapStoreScopes } from "./wrap-store-scopes";

/** The rows whose writes are watched: those the realtime layer keeps authorization facts of. */
export type TWatchedTable = "members" | "conversations" | "sites" | "visitors" | "policies";

/** The id a write to any of a workspace's policies is announced under: they are kept as one list. */
export const POLICY_LIST_ID = "*";

/**
 * One write to a watched row: "begin" just before the store is asked (nothing may be trusted about
 * the row from then on), "end" once the write settled (committed, or failed).
 */
export type TStoreWrite = {
  readonly phase: "begin" | "end";
  readonly table: TWatchedTable;
  readonly workspaceId: string;
  readonly id: string;
};

/** Listens to the writes of watched rows made through this process's store. */
export type TStoreWrites = {
  /** Listeners are called synchronously, in order; returns a function that removes the listener. */
  subscribe(listener: (write: TStoreWrite) => void): () => void;
};

/**
 * Wraps a store so every update or delete of a member, conversation, site or visitor row made
 * through it is announced to in-process listeners before it starts and after it settles,
 * synchronously, and so is every put or delete of a policy (as one write to the workspace's policy
 * list, POLICY_LIST_ID). The realtime layer's caches of authorization facts (member role,
 * departments and status; a conversation's department, assignee and status; a site's allowed
 * domains; a visitor's data key; the policies a send is stored under) listen, so nothing is
 * served from them about a row while a write to it is under way or after it committed. Bus events
 * say the same later, and across processes; this closes the gap between a commit and its event
 * (the audit write in between). Writes made by another process are not seen here: the caches'
 * short lifetime covers those.
 */
export function watchStoreWrites(store: Store): { store: Store; writes: TStoreWrites } {
  let listeners: ((write: TStoreWrite) => void)[] = [];
  const announce = (write: TStoreWrite) => {
    for (const listener of listeners) listener(write);
  };
  const watched =
    <A extends unknown[], R>(
      table: TWatchedTable,
      workspaceId: string,
      run: (id: string, ...rest: A) => Promise<R>,
    ) =>
    async (id: string, ...rest: A): Promise<R> => {
      announce({ phase: "begin", table, workspaceId, id });
      try {
        return await run(id, ...rest);
      } finally {
        announce({ phase: "end", table, workspaceId, id });
      }
    };

  /** As `watched`, for a write that changes the workspace's policy list as a whole. */
  const watchedList =
    <A extends unknown[], R>(workspaceId: string, run: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      watched("policies", workspaceId, (_id: string, ...rest: A) => run(...rest))(POLICY_LIST_ID, ...args);

  const wrapScope = (inner: ScopedStore): ScopedStore => {
    const { workspaceId, members, conversations, sites, visitors, policies } = inner;
    return {
      ...inner,
      workspaceId,
      members: { ...members, update: watched("members", workspaceId, members.update) },
      conversations: {
        ...conversations,
        update: watched("conversations", workspaceId, conversations.update),
        delete: watched("conversations", workspaceId, conversations.delete),
      },
      sites: {
        ...sites,
        update: watched("sites", workspaceId, sites.update),
        delete: watched("sites", workspaceId, sites.delete),
      },
      visitors: {
        ...visitors,
        update: watched("visitors", workspaceId, visitors.update),
        delete: watched("visitors", workspaceId, visitors.delete),
      },
      policies: {
        ...policies,
        put: watchedList(workspaceId, policies.put),
        delete: watchedList(workspaceId, policies.delete),
      },
    };
  };

  const wrapped = wrapStoreScopes(store, wrapScope);
  return {
    store: wrapped,
    writes: {
      subscribe(listener) {
        listeners = [...listeners, listener];
        return () => {
          listeners = listeners.filter((l) => l !== listener);
        };
      },
    },
  };
}
