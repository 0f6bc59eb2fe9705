import { AppError } from "../errors/app-error";
import type { KeyStore } from "./key-store";
import type { Keyring } from "./keyring";
import { unwrapDataKey, wrapDataKey } from "./wrap-data-key";

/** How many data keys rotation re-wraps per store round trip by default. */
export const DEFAULT_ROTATION_BATCH_SIZE = 100;

/**
 * Re-wraps every data key not yet under `keyring.current` with it, batch by batch, without touching
 * any field ciphertext (the data keys themselves do not change). The keyring must also hold the old
 * KEKs; vaults holding old and new keep reading throughout. Safe to stop and run again: it resumes
 * with whatever is still wrapped by an old KEK.
 *
 * @example
 * await rotateKek({ keys, keyring: createKeyring(newMasterKey, [oldMasterKey]) });
 */
export async function rotateKek(options: {
  keys: KeyStore;
  keyring: Keyring;
  batchSize?: number;
}): Promise<{ rewrapped: number }> {
  const { keys, keyring } = options;
  const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new AppError("config.invalid", "The rotation batch size must be a positive integer.");
  }
  const target = keyring.current;
  let rewrapped = 0;
  let previousBatch = new Set<string>();

  for (;;) {
    const batch = await keys.listKeysNotWrappedBy(target.id, batchSize);
    if (batch.length === 0) return { rewrapped };
    const thisBatch = new Set<string>();
    for (const row of batch) {
      const slot = JSON.stringify([row.workspaceId, row.id]);
      if (previousBatch.has(slot)) {
        // Without this, a store whose updateWrapping silently fails would make rotation loop forever.
        throw new AppError(
          "storage.failed",
          "Key rotation made no progress: a re-wrapped key is listed again.",
        );
      }
      if (!keyring.find(row.kekId)) {
        throw new AppError(
          "config.invalid",
          `A data key is wrapped by master key ${row.kekId}, which the rotation keyring does not hold.`,
        );
      }
      let dataKey: Buffer;
      try {
        dataKey = unwrapDataKey(keyring, row);
      } catch (error) {
        // Stop rather than skip: the store would list this key again forever. The ids go in the
        // cause (for the operator's logs), never in the message.
        throw new AppError("crypto.unreadable", "A data key cannot be unwrapped; rotation stopped.", {
          cause: { workspaceId: row.workspaceId, keyId: row.id, error },
        });
      }
      try {
        const wrapped = wrapDataKey(target, row, dataKey);
        await keys.updateWrapping(row.workspaceId, row.id, target.id, wrapped);
      } finally {
        dataKey.fill(0);
      }
      thisBatch.add(slot);
      rewrapped += 1;
    }
    previousBatch = thisBatch;
  }
}
