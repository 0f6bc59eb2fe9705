import { toMemberActor } from "@tawkster/core/auth";
import type { TMemberActor } from "@tawkster/core/rbac";
import type { TConversation, TPolicy } from "@tawkster/core/schemas";
import type { Store, TSiteRow } from "@tawkster/core/store";
import { POLICY_LIST_ID, type TStoreWrite } from "../lib/watch-store-writes";

/**
 * How long a fact read from the store may be used without being read again. The backstop for
 * changes this process does not see (another process writing the database): every change made
 * through the hub empties the entry at once (see `noteWrite` and `forget`).
 */
export const ACCESS_TTL_MS = 2_000;

/** Most entries kept per kind; past that the oldest go (a fact is only ever read again). */
const MAX_ENTRIES = 20_000;

type TEntry<T> = {
  readonly value: Promise<T>;
  readonly readAt: number;
  /** Whether `value` has resolved, and to what: what the synchronous reads answer from. */
  isSettled: boolean;
  settled?: T;
};
type TKind = "members" | "conversations" | "sites" | "visitors" | "policies";

/**
 * The authorization facts of realtime delivery, kept for a moment so that every live message does
 * not read the same rows again: a member's actor (role, departments; null once not active), a
 * conversation's row (department, assignee, status, visitor), a site's row (allowed domains), a
 * visitor's data key id (what a widget send seals under; null once the visitor is gone) and a
 * workspace's policy list (what a widget send is redacted and stored under).
 * Every decision is still made afresh from these facts by core's `authorize`; what is kept is the
 * row, never a decision.
 *
 * An entry goes (so the next decision reads the store) as soon as a write to its row starts through
 * this process's store (`noteWrite`, before the commit), when the bus announces a change to it
 * (`forget`), and after ACCESS_TTL_MS in any case. While a write to a row is under way nothing is
 * kept for it: a read that raced the commit could otherwise keep the old row. Deny by default: a
 * failed read is not kept, and the caller treats it as a refusal.
 */
export type TAccessCache = {
  memberActor(workspaceId: string, memberId: string): Promise<TMemberActor | null>;
  conversation(workspaceId: string, conversationId: string): Promise<TConversation | null>;
  site(workspaceId: string, siteId: string): Promise<TSiteRow | null>;
  visitorKeyId(workspaceId: string, visitorId: string): Promise<string | null>;
  policies(workspaceId: string): Promise<TPolicy[]>;
  /**
   * The same facts without waiting, for the fast path of every live message: the fact when it is
   * kept, fresh and already read (exactly what the call above would resolve to), else undefined
   * (the caller then asks the call above). Awaiting even a kept promise costs promises and async
   * hooks per message.
   */
  memberActorNow(workspaceId: string, memberId: string): TMemberActor | null | undefined;
  conversationNow(workspaceId: string, conversationId: string): TConversation | null | undefined;
  siteNow(workspaceId: string, siteId: string): TSiteRow | null | undefined;
  visitorKeyIdNow(workspaceId: string, visitorId: string): string | null | undefined;
  /** A write to a watched row started or settled (from the hub's store, synchronously). */
  noteWrite(write: TStoreWrite): void;
  /** Forgets what is kept about a row (a bus event announced a change to it). */
  forget(kind: TKind, workspaceId: string, id: string): void;
};

/** An access cache over `store`; `now` is the clock the lifetime is measured with. */
export function createAccessCache(store: Store, now: () => number = Date.now): TAccessCache {
  const entries: Record<TKind, Map<string, TEntry<unknown>>> = {
    members: new Map(),
    conversations: new Map(),
    sites: new Map(),
    visitors: new Map(),
    policies: new Map(),
  };
  /** Rows with a write under way (key → how many). */
  const writing = new Map<string, number>();
  const keyOf = (kind: TKind, workspaceId: string, id: string) => `${kind}\u0000${workspaceId}\u0000${id}`;

  function read<T>(kind: TKind, workspaceId: string, id: string, load: () => Promise<T>): Promise<T> {
    const key = keyOf(kind, workspaceId, id);
    if (writing.has(key)) return load();
    const map = entries[kind];
    const at = now();
    const entry = map.get(key) as TEntry<T> | undefined;
    if (entry !== undefined && at - entry.readAt < ACCESS_TTL_MS) return entry.value;
    const value = load();
    const fresh: TEntry<T> = { value, readAt: at, isSettled: false };
    map.delete(key);
    map.set(key, fresh);
    if (map.size > MAX_ENTRIES) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    value.then(
      (settled) => {
        fresh.settled = settled;
        fresh.isSettled = true;
      },
      // A failed read is not kept: the next decision reads again.
      () => {
        if (map.get(key) === fresh) map.delete(key);
      },
    );
    return value;
  }

  /** What `read` would resolve to for a kept, fresh, settled entry; undefined when it would read. */
  function readNow<T>(kind: TKind, workspaceId: string, id: string): T | undefined {
    const key = keyOf(kind, workspaceId, id);
    if (writing.has(key)) return undefined;
    const entry = entries[kind].get(key) as TEntry<T> | undefined;
    if (entry === undefined || !entry.isSettled || now() - entry.readAt >= ACCESS_TTL_MS) return undefined;
    return entry.settled;
  }

  function forget(kind: TKind, workspaceId: string, id: string): void {
    entries[kind].delete(keyOf(kind, workspaceId, id));
  }

  return {
    memberActor: (workspaceId, memberId) =>
      read("members", workspaceId, memberId, async () => {
        const row = await store.scoped(workspaceId).members.get(memberId);
        return row === null || row.status !== "active" ? null : toMemberActor(row);
      }),
    conversation: (workspaceId, conversationId) =>
      read("conversations", workspaceId, conversationId, () =>
        store.scoped(workspaceId).conversations.get(conversationId),
      ),
    site: (workspaceId, siteId) =>
      read("sites", workspaceId, siteId, () => store.scoped(workspaceId).sites.get(siteId)),
    policies: (workspaceId) =>
      read("policies", workspaceId, POLICY_LIST_ID, () => store.scoped(workspaceId).policies.list()),
    visitorKeyId: (workspaceId, visitorId) =>
      read("visitors", workspaceId, visitorId, async () => {
        const row = await store.scoped(workspaceId).visitors.get(visitorId);
        return row === null ? null : row.keyId;
      }),
    memberActorNow: (workspaceId, memberId) => readNow("members", workspaceId, memberId),
    conversationNow: (workspaceId, conversationId) => readNow("conversations", workspaceId, conversationId),
    siteNow: (workspaceId, siteId) => readNow("sites", workspaceId, siteId),
    visitorKeyIdNow: (workspaceId, visitorId) => readNow("visitors", workspaceId, visitorId),
    noteWrite(write) {
      const key = keyOf(write.table, write.workspaceId, write.id);
      const count = (writing.get(key) ?? 0) + (write.phase === "begin" ? 1 : -1);
      if (count > 0) writing.set(key, count);
      else writing.delete(key);
      forget(write.table, write.workspaceId, write.id);
    },
    forget,
  };
}
