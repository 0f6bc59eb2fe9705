import { KEY_LENGTH, NONCE_LENGTH, openAesGcm, sealAesGcm, TAG_LENGTH } from "./aes-gcm";
import { encodeAssociatedData } from "./encode-associated-data";
import type { TKeyPurpose, TWrappedKey } from "./key-store";
import type { Kek, Keyring } from "./keyring";
import { createUnreadableError } from "./unreadable-error";

/** Version byte of the wrapped-key format; bump it to change algorithm or layout. */
export const WRAPPED_KEY_VERSION = 0x01;

/** Byte length of a wrapped data key: version | nonce | 32-byte key | tag. */
export const WRAPPED_KEY_LENGTH = 1 + NONCE_LENGTH + KEY_LENGTH + TAG_LENGTH;

/** Which row a data key belongs to: the associated data of its wrapping. */
export interface TDataKeyRef {
  workspaceId: string;
  id: string;
  purpose: TKeyPurpose;
  ownerId: string | null;
}

/**
 * Encrypts a data key under a KEK with AES-256-GCM. The associated data binds it to its row, so a
 * wrapped key copied into another visitor's or workspace's row does not unwrap there.
 */
export function wrapDataKey(kek: Kek, ref: TDataKeyRef, dataKey: Uint8Array): Buffer {
  if (dataKey.length !== KEY_LENGTH) throw new RangeError("A data key must be 32 bytes.");
  return sealAesGcm({
    key: kek.key,
    header: Buffer.of(WRAPPED_KEY_VERSION),
    plaintext: dataKey,
    aad: wrapAssociatedData(ref),
  });
}

/**
 * Decrypts a stored data key with whichever KEK of the keyring wrapped it. Throws AppError
 * crypto.unreadable when the KEK is not held, the bytes were altered, or the row is not the one the
 * key was wrapped for. The caller owns the returned buffer (and should wipe it when done).
 */
export function unwrapDataKey(keyring: Keyring, key: TWrappedKey): Buffer {
  const kek = keyring.find(key.kekId);
  if (!kek || key.wrapped.length !== WRAPPED_KEY_LENGTH || key.wrapped[0] !== WRAPPED_KEY_VERSION) {
    throw createUnreadableError();
  }
  return openAesGcm({ key: kek.key, headerLength: 1, sealed: key.wrapped, aad: wrapAssociatedData(key) });
}

function wrapAssociatedData(ref: TDataKeyRef): Buffer {
  // The label keeps this associated data apart from any other kind this code base ever defines.
  return encodeAssociatedData([
    "tawkster/data-key",
    String(WRAPPED_KEY_VERSION),
    ref.workspaceId,
    ref.id,
    ref.purpose,
    ref.ownerId,
  ]);
}
