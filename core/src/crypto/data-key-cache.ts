import type { TKeyPurpose } from "./key-store";

/** An unwrapped data key held in memory. */
export interface TCachedDataKey {
  dataKey: Buffer;
  purpose: TKeyPurpose;
  ownerId: string | null;
}

/** A bounded LRU of unwrapped data keys, keyed by (workspaceId, keyId). */
export interface DataKeyCache {
  /** The cached key, refreshed as most recently used; null when absent or expired. */
  get(workspaceId: string, keyId: string): TCachedDataKey | null;
  /** Caches a key, taking ownership of its buffer (it is wiped when evicted, or at once if size is 0). */
  set(workspaceId: string, keyId: string, entry: TCachedDataKey): void;
  /** Drops and wipes one key; returns whether it was cached. */
  evict(workspaceId: string, keyId: string): boolean;
  /** Drops and wipes every key. */
  clear(): void;
  /** How many keys are cached. */
  readonly size: number;
}

/**
 * Creates an LRU cache of unwrapped data keys, so reading a conversation unwraps its key once, not per
 * message. Entries also expire after `ttlMs`: another hub instance may destroy a key, and this bounds
 * how long this instance can still read with it.
 *
 * Evicted keys are zero-filled. That is best effort only: OpenSSL and the V8 heap may hold copies
 * we cannot reach, so it narrows the window in a memory dump, it does not close it. Callers must use
 * a cached buffer synchronously (never across an `await`), since eviction may wipe it afterwards.
 */
export function createDataKeyCache(options: {
  maxSize: number;
  ttlMs: number;
  now?: () => number;
}): DataKeyCache {
  const { maxSize, ttlMs } = options;
  const now = options.now ?? Date.now;
  // Map iteration order is insertion order: the first entry is the least recently used.
  const entries = new Map<string, TCachedDataKey & { expiresAt: number }>();

  const remove = (key: string): boolean => {
    const entry = entries.get(key);
    if (!entry) return false;
    entries.delete(key);
    entry.dataKey.fill(0);
    return true;
  };

  return {
    get(workspaceId, keyId) {
      const key = cacheKey(workspaceId, keyId);
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= now()) {
        remove(key);
        return null;
      }
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    set(workspaceId, keyId, entry) {
      const key = cacheKey(workspaceId, keyId);
      const existing = entries.get(key);
      if (existing && existing.dataKey !== entry.dataKey) remove(key);
      else entries.delete(key);
      if (maxSize <= 0) {
        entry.dataKey.fill(0);
        return;
      }
      entries.set(key, { ...entry, expiresAt: now() + ttlMs });
      while (entries.size > maxSize) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        remove(oldest.value);
      }
    },
    evict(workspaceId, keyId) {
      return remove(cacheKey(workspaceId, keyId));
    },
    clear() {
      for (const key of [...entries.keys()]) remove(key);
    },
    get size() {
      return entries.size;
    },
  };
}

function cacheKey(workspaceId: string, keyId: string): string {
  // Length-prefixed so no two (workspaceId, keyId) pairs share a cache slot.
  return `${workspaceId.length}:${workspaceId}${keyId}`;
}
