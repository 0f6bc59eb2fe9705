import { KEY_LENGTH, NONCE_LENGTH, openAesGcm, sealAesGcm, TAG_LENGTH } from "./aes-gcm";
import { encodeAssociatedData } from "./encode-associated-data";
import { createUnreadableError } from "./unreadable-error";

/** Version byte of the field ciphertext format: `0x01 | 12-byte nonce | ciphertext | 16-byte tag`. */
export const FIELD_CIPHERTEXT_VERSION = 0x01;

/** The smallest possible field ciphertext (that of the empty string). */
export const MIN_FIELD_CIPHERTEXT_LENGTH = 1 + NONCE_LENGTH + TAG_LENGTH;

/**
 * Where a ciphertext lives. It is bound into the associated data, so a ciphertext copied to another
 * row, column, table, workspace or key does not decrypt.
 */
export interface TCipherContext {
  workspaceId: string;
  /** The id of the data key it is encrypted under. */
  keyId: string;
  table: string;
  rowId: string;
  column: string;
}

/**
 * Encrypts one field value under a data key. Text is stored as UTF-8 (so, as everywhere UTF-8 is
 * used, a lone surrogate comes back as U+FFFD).
 */
export function encryptField(dataKey: Uint8Array, ctx: TCipherContext, plaintext: string): Buffer {
  if (dataKey.length !== KEY_LENGTH) throw new RangeError("A data key must be 32 bytes.");
  return sealAesGcm({
    key: dataKey,
    header: Buffer.of(FIELD_CIPHERTEXT_VERSION),
    plaintext: Buffer.from(plaintext, "utf8"),
    aad: fieldAssociatedData(ctx),
  });
}

/**
 * Decrypts one field value. Throws AppError crypto.unreadable (and nothing else) for a wrong key, a
 * wrong context, an unknown version, or any altered or truncated byte.
 */
export function decryptField(dataKey: Uint8Array, ctx: TCipherContext, ciphertext: Uint8Array): string {
  if (ciphertext.length < MIN_FIELD_CIPHERTEXT_LENGTH || ciphertext[0] !== FIELD_CIPHERTEXT_VERSION) {
    throw createUnreadableError();
  }
  let aad: Buffer;
  try {
    aad = fieldAssociatedData(ctx);
  } catch {
    // A context that could never have been encrypted under (e.g. ill-formed Unicode) reads as unreadable.
    throw createUnreadableError();
  }
  const plaintext = openAesGcm({ key: dataKey, headerLength: 1, sealed: ciphertext, aad });
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(plaintext);
  } catch {
    throw createUnreadableError();
  } finally {
    // The string is what the caller gets; the bytes need not outlive it.
    plaintext.fill(0);
  }
}

function fieldAssociatedData(ctx: TCipherContext): Buffer {
  return encodeAssociatedData([
    "tawkster/field",
    String(FIELD_CIPHERTEXT_VERSION),
    ctx.workspaceId,
    ctx.keyId,
    ctx.table,
    ctx.rowId,
    ctx.column,
  ]);
}
