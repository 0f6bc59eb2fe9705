import type { TLifecycleDeps } from "./deps";

/**
 * Crypto-shreds visitors' data keys: from this moment nothing sealed under them decrypts anywhere,
 * backups included. The rows go in one statement (a key per statement would cost one durable
 * commit each, which dominates a large purge); each key is then passed to `vault.destroyKey`,
 * whose delete finds nothing left but which evicts the key from this instance's cache and voids
 * loads in flight. Returns how many keys existed.
 */
export async function shredVisitorKeys(
  deps: TLifecycleDeps,
  workspaceId: string,
  keyIds: readonly string[],
): Promise<number> {
  if (keyIds.length === 0) return 0;
  const destroyed = await deps.store.scoped(workspaceId).purge.deleteVisitorKeys(keyIds);
  for (const keyId of keyIds) await deps.vault.destroyKey(workspaceId, keyId);
  return destroyed;
}
