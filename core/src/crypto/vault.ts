import { randomBytes } from "node:crypto";
import { AppError } from "../errors/app-error";
import { newTimeOrderedId } from "../ids/new-time-ordered-id";
import { KEY_LENGTH } from "./aes-gcm";
import { computeBlindIndex, type TBlindIndexKind } from "./blind-index";
import { createDataKeyCache, type TCachedDataKey } from "./data-key-cache";
import {
  decryptField,
  encryptField,
  MIN_FIELD_CIPHERTEXT_LENGTH,
  type TCipherContext,
} from "./encrypt-field";
import type { KeyStore, TKeyPurpose } from "./key-store";
import type { Keyring } from "./keyring";
import { createUnreadableError } from "./unreadable-error";
import { unwrapDataKey, wrapDataKey } from "./wrap-data-key";

export type { TCipherContext } from "./encrypt-field";

/** Whose data key: a workspace's own, one visitor's (ownerId = visitor id), or the blind index's. */
export interface TKeyOwner {
  workspaceId: string;
  purpose: TKeyPurpose;
  ownerId: string | null;
}

/** Envelope encryption of fields: data keys wrapped by the master key, cached unwrapped in memory. */
export interface Vault {
  /** Creates a new data key for that owner and returns its id. */
  createKey(input: TKeyOwner): Promise<string>;
  /** Returns the existing key of that owner or creates it (idempotent, race-safe enough for one process). */
  ensureKey(input: TKeyOwner): Promise<string>;
  /** Encrypts a field value under `ctx.keyId`, bound to its row and column. */
  encrypt(ctx: TCipherContext, plaintext: string): Promise<Uint8Array>;
  /** Decrypts a field value; throws AppError crypto.unreadable for any failure, including a destroyed key. */
  decrypt(ctx: TCipherContext, ciphertext: Uint8Array): Promise<string>;
  /** Crypto-shreds a key: deletes it and evicts it from the cache; returns whether it existed. */
  destroyKey(workspaceId: string, keyId: string): Promise<boolean>;
  /** The hex blind index of a value under the workspace's "blind-index" key (created on first use). */
  blindIndex(workspaceId: string, kind: TBlindIndexKind, value: string): Promise<string>;
}

/** How many unwrapped data keys a vault keeps by default. */
export const DEFAULT_CACHE_SIZE = 1000;
/** How long an unwrapped key stays cached by default: bounds how long another instance's shred lags here. */
export const DEFAULT_CACHE_TTL_MS = 60_000;

/** An in-flight load of a data key, which a concurrent destroyKey marks so its result is not used. */
interface TLoad {
  isRevoked: boolean;
}

/**
 * Creates a vault over a keyring and a key store.
 *
 * @example
 * const vault = createVault({ keyring: createKeyring(masterKey), keys: store.keys });
 * const keyId = await vault.ensureKey({ workspaceId, purpose: "visitor", ownerId: visitorId });
 * const ctx = { workspaceId, keyId, table: "messages", rowId: messageId, column: "body" };
 * const sealed = await vault.encrypt(ctx, "hello");
 */
export function createVault(options: {
  keyring: Keyring;
  keys: KeyStore;
  cacheSize?: number;
  /** Maximum age of a cached unwrapped key (default 60 s). */
  cacheTtlMs?: number;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}): Vault {
  const { keyring, keys } = options;
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) {
    throw new AppError("config.invalid", "The vault cache size must be a non-negative integer.");
  }
  if (!(cacheTtlMs >= 0)) throw new AppError("config.invalid", "The vault cache TTL must not be negative.");

  const cache = createDataKeyCache({ maxSize: cacheSize, ttlMs: cacheTtlMs, now });
  const loads = new Map<string, Set<TLoad>>();
  const sharedLoads = new Map<string, Promise<"missing" | "loaded">>();
  const ensuring = new Map<string, Promise<string>>();

  const beginLoad = (slot: string): TLoad => {
    const load: TLoad = { isRevoked: false };
    const pending = loads.get(slot) ?? new Set<TLoad>();
    pending.add(load);
    loads.set(slot, pending);
    return load;
  };
  const endLoad = (slot: string, load: TLoad): void => {
    const pending = loads.get(slot);
    pending?.delete(load);
    if (pending?.size === 0) loads.delete(slot);
  };

  /** Reads and unwraps a key from the store; null when it does not exist (e.g. was destroyed). */
  const fetchDataKey = async (workspaceId: string, keyId: string): Promise<TCachedDataKey | null> => {
    const row = await keys.findKey(workspaceId, keyId);
    // A store must never answer with another row, but if it did the key must not be used for this one.
    if (!row || row.workspaceId !== workspaceId || row.id !== keyId) return null;
    return { dataKey: unwrapDataKey(keyring, row), purpose: row.purpose, ownerId: row.ownerId };
  };

  /** One load per key at a time that fills the cache, so a cold conversation read unwraps once. */
  const fillCache = async (
    workspaceId: string,
    keyId: string,
    slot: string,
  ): Promise<"missing" | "loaded"> => {
    const load = beginLoad(slot);
    try {
      const entry = await fetchDataKey(workspaceId, keyId);
      if (!entry) return "missing";
      if (load.isRevoked) entry.dataKey.fill(0);
      else cache.set(workspaceId, keyId, entry);
      return "loaded";
    } finally {
      endLoad(slot, load);
    }
  };

  /**
   * Runs `use` synchronously with the unwrapped key (or null if there is none). Synchronously is the
   * point: the cache may wipe a buffer once control returns to the event loop.
   */
  const withDataKey = async <T>(
    workspaceId: string,
    keyId: string,
    use: (entry: TCachedDataKey | null) => T,
  ): Promise<T> => {
    const cached = cache.get(workspaceId, keyId);
    if (cached) return use(cached);
    const slot = slotOf([workspaceId, keyId]);
    if (cacheSize > 0) {
      let shared = sharedLoads.get(slot);
      if (!shared) {
        shared = fillCache(workspaceId, keyId, slot).finally(() => sharedLoads.delete(slot));
        sharedLoads.set(slot, shared);
      }
      // Its failure is not ours to report: the private load below fails the same way if it must.
      const outcome = await shared.catch(() => "failed" as const);
      // A missing key needs no second look: reading a shredded transcript costs one query, not one per message.
      if (outcome === "missing") return use(null);
      const filled = cache.get(workspaceId, keyId);
      if (filled) return use(filled);
    }
    // Not cached (size 0, evicted meanwhile, or missing): load a private copy and use it at once.
    const load = beginLoad(slot);
    try {
      const entry = await fetchDataKey(workspaceId, keyId);
      if (!entry) return use(null);
      if (load.isRevoked) {
        entry.dataKey.fill(0);
        return use(null);
      }
      try {
        return use(entry);
      } finally {
        cache.set(workspaceId, keyId, entry);
      }
    } finally {
      endLoad(slot, load);
    }
  };

  const createKey = async (input: TKeyOwner): Promise<string> => {
    assertOwner(input);
    // Time-ordered like every row id: retention shreds the oldest keys together.
    const id = newTimeOrderedId();
    const dataKey = randomBytes(KEY_LENGTH);
    const { workspaceId, purpose, ownerId } = input;
    try {
      const kek = keyring.current;
      const wrapped = wrapDataKey(kek, { workspaceId, id, purpose, ownerId }, dataKey);
      await keys.insertKey({
        workspaceId,
        id,
        purpose,
        ownerId,
        kekId: kek.id,
        wrapped,
        createdAt: new Date(now()),
      });
    } catch (error) {
      dataKey.fill(0);
      throw error;
    }
    // A new key is usually used at once (the visitor's first message), so start it cached.
    cache.set(workspaceId, id, { dataKey, purpose, ownerId });
    return id;
  };

  const ensureKey = async (input: TKeyOwner): Promise<string> => {
    assertOwner(input);
    const slot = slotOf([input.workspaceId, input.purpose, input.ownerId]);
    const pending = ensuring.get(slot);
    if (pending) return pending;
    const ensured = (async () => {
      const existing = await keys.findKeyByOwner(input.workspaceId, input.purpose, input.ownerId);
      if (existing) return existing.id;
      try {
        return await createKey(input);
      } catch (error) {
        // Another process created it first and the store's uniqueness refused ours: use theirs.
        const winner = await keys.findKeyByOwner(input.workspaceId, input.purpose, input.ownerId);
        if (winner) return winner.id;
        throw error;
      }
    })().finally(() => ensuring.delete(slot));
    ensuring.set(slot, ensured);
    return ensured;
  };

  return {
    createKey,
    ensureKey,

    encrypt(ctx, plaintext) {
      return withDataKey(ctx.workspaceId, ctx.keyId, (entry) => {
        if (!entry) throw new AppError("resource.gone", "The encryption key no longer exists.");
        if (entry.purpose === "blind-index") {
          throw new AppError("internal.error", "A blind index key must not encrypt data.");
        }
        return encryptField(entry.dataKey, ctx, plaintext);
      });
    },

    async decrypt(ctx, ciphertext) {
      // Cheap rejections first, so garbage input costs no key lookup.
      if (!(ciphertext instanceof Uint8Array) || ciphertext.length < MIN_FIELD_CIPHERTEXT_LENGTH) {
        throw createUnreadableError();
      }
      return withDataKey(ctx.workspaceId, ctx.keyId, (entry) => {
        if (!entry || entry.purpose === "blind-index") throw createUnreadableError();
        return decryptField(entry.dataKey, ctx, ciphertext);
      });
    },

    async destroyKey(workspaceId, keyId) {
      try {
        return await keys.destroyKey(workspaceId, keyId);
      } finally {
        // After the delete: a load that read the row before it is revoked, one that starts after
        // finds nothing. Evicting also wipes the cached buffer.
        cache.evict(workspaceId, keyId);
        for (const load of loads.get(slotOf([workspaceId, keyId])) ?? []) load.isRevoked = true;
      }
    },

    async blindIndex(workspaceId, kind, value) {
      const keyId = await ensureKey({ workspaceId, purpose: "blind-index", ownerId: null });
      return withDataKey(workspaceId, keyId, (entry) => {
        if (entry?.purpose !== "blind-index") {
          throw new AppError("resource.gone", "The blind index key no longer exists.");
        }
        return computeBlindIndex(entry.dataKey, kind, value);
      });
    },
  };
}

function assertOwner(input: TKeyOwner): void {
  const isValid =
    input.purpose === "visitor"
      ? typeof input.ownerId === "string" && input.ownerId.length > 0
      : input.ownerId === null;
  if (!isValid) {
    // A programming error, not a user one: a visitor key names its visitor, other keys name nobody.
    throw new AppError("internal.error", `A "${input.purpose}" key has the wrong owner.`);
  }
}

function slotOf(parts: readonly (string | null)[]): string {
  // JSON keeps the parts (and null apart from "") unambiguous in one map key.
  return JSON.stringify(parts);
}
