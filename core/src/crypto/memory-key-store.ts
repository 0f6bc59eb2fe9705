import { AppError } from "../errors/app-error";
import type { KeyStore, TKeyPurpose, TWrappedKey } from "./key-store";

/**
 * Creates an in-memory KeyStore: for tests, and the reference the SQL adapters follow (copies in and
 * out, one key per owner, oldest first, no upsert on update, stable batch order for rotation).
 */
export function createMemoryKeyStore(): KeyStore {
  const rows = new Map<string, TWrappedKey>();

  return {
    async insertKey(key) {
      const slot = rowKey(key.workspaceId, key.id);
      if (rows.has(slot)) throw new AppError("resource.conflict", "A key with this id already exists.");
      if (findByOwner(rows, key.workspaceId, key.purpose, key.ownerId)) {
        throw new AppError("resource.conflict", "This owner already has a key for this purpose.");
      }
      rows.set(slot, copyKey(key));
    },
    async findKey(workspaceId, id) {
      const row = rows.get(rowKey(workspaceId, id));
      return row ? copyKey(row) : null;
    },
    async findKeyByOwner(workspaceId, purpose, ownerId) {
      const row = findByOwner(rows, workspaceId, purpose, ownerId);
      return row ? copyKey(row) : null;
    },
    async destroyKey(workspaceId, id) {
      return rows.delete(rowKey(workspaceId, id));
    },
    async listKeysNotWrappedBy(kekId, limit) {
      return [...rows.values()]
        .filter((row) => row.kekId !== kekId)
        .sort((a, b) => compare(a.workspaceId, b.workspaceId) || compare(a.id, b.id))
        .slice(0, Math.max(0, limit))
        .map(copyKey);
    },
    async updateWrapping(workspaceId, id, kekId, wrapped) {
      const row = rows.get(rowKey(workspaceId, id));
      if (!row) return;
      rows.set(rowKey(workspaceId, id), { ...row, kekId, wrapped: Uint8Array.from(wrapped) });
    },
  };
}

function findByOwner(
  rows: Map<string, TWrappedKey>,
  workspaceId: string,
  purpose: TKeyPurpose,
  ownerId: string | null,
): TWrappedKey | null {
  let oldest: TWrappedKey | null = null;
  for (const row of rows.values()) {
    if (row.workspaceId !== workspaceId || row.purpose !== purpose || row.ownerId !== ownerId) continue;
    if (!oldest || row.createdAt < oldest.createdAt) oldest = row;
  }
  return oldest;
}

function copyKey(key: TWrappedKey): TWrappedKey {
  // Copies, like a database would: callers must not be able to change stored bytes by reference.
  return { ...key, wrapped: Uint8Array.from(key.wrapped), createdAt: new Date(key.createdAt.getTime()) };
}

function rowKey(workspaceId: string, id: string): string {
  return `${workspaceId.length}:${workspaceId}${id}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
