/** What a data key is for: a workspace's shared data, one visitor's data, or the workspace's blind index. */
export type TKeyPurpose = "workspace" | "visitor" | "blind-index";

/** A data key as stored: only ever wrapped (encrypted) by a master key, never in clear. */
export interface TWrappedKey {
  workspaceId: string;
  /** A random UUID. */
  id: string;
  purpose: TKeyPurpose;
  /** The visitor id for purpose "visitor", else null. */
  ownerId: string | null;
  /** The fingerprint of the KEK that wrapped it (see `computeKekId`). */
  kekId: string;
  /** `0x01 | nonce | encrypted key | tag`, bound to (workspaceId, id, purpose, ownerId). */
  wrapped: Uint8Array;
  createdAt: Date;
}

/**
 * The storage port for wrapped data keys; the SQLite and PostgreSQL adapters implement it, and
 * `createMemoryKeyStore` is the reference implementation.
 */
export interface KeyStore {
  /** Stores a new key; rejects a duplicate id, and a second key for the same (workspace, purpose, owner). */
  insertKey(key: TWrappedKey): Promise<void>;
  /** The key with that id in that workspace, or null. */
  findKey(workspaceId: string, id: string): Promise<TWrappedKey | null>;
  /** The key of that owner and purpose in that workspace (the oldest if several), or null. */
  findKeyByOwner(
    workspaceId: string,
    purpose: TKeyPurpose,
    ownerId: string | null,
  ): Promise<TWrappedKey | null>;
  /** Deletes the wrapped key for good; returns whether it existed. */
  destroyKey(workspaceId: string, id: string): Promise<boolean>;
  /** Up to `limit` keys (any workspace) wrapped by a KEK other than `kekId`: rotation works in batches. */
  listKeysNotWrappedBy(kekId: string, limit: number): Promise<TWrappedKey[]>;
  /** Replaces the wrapping of an existing key; does nothing if it was destroyed meanwhile (never upserts). */
  updateWrapping(workspaceId: string, id: string, kekId: string, wrapped: Uint8Array): Promise<void>;
}
