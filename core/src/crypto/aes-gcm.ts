import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { createUnreadableError } from "./unreadable-error";

/** AES-256-GCM nonce length: 96 bits, the size GCM is designed for. */
export const NONCE_LENGTH = 12;
/** AES-256-GCM tag length: always the full 128 bits. */
export const TAG_LENGTH = 16;
/** AES-256 key length. */
export const KEY_LENGTH = 32;

const ALGORITHM = "aes-256-gcm";

/** Nonces drawn from the CSPRNG per refill of the pool. */
const NONCES_PER_REFILL = 256;
let noncePool: Buffer = Buffer.alloc(0);
let noncePoolOffset = 0;

/**
 * A fresh random nonce, never handed out twice. Drawn from a pool the CSPRNG refills 256 nonces at
 * a time: one `randomBytes` call per message cost more than the cipher's own setup. Nonces are
 * public (stored beside the ciphertext), so keeping the next ones in memory reveals nothing.
 */
function takeNonce(): Buffer {
  if (noncePoolOffset + NONCE_LENGTH > noncePool.length) {
    noncePool = randomBytes(NONCE_LENGTH * NONCES_PER_REFILL);
    noncePoolOffset = 0;
  }
  // A view: the pool is never written to, only replaced.
  const nonce = noncePool.subarray(noncePoolOffset, noncePoolOffset + NONCE_LENGTH);
  noncePoolOffset += NONCE_LENGTH;
  return nonce;
}

/**
 * Encrypts with AES-256-GCM under a fresh random nonce and returns `header | nonce | ciphertext | tag`.
 * The header (a version byte) is returned in front unencrypted; the caller includes it in `aad`.
 */
export function sealAesGcm(options: {
  key: Uint8Array;
  header: Uint8Array;
  plaintext: Uint8Array;
  aad: Uint8Array;
}): Buffer {
  // Random 96-bit nonces: safe for far more messages per key than one visitor or workspace writes.
  const nonce = takeNonce();
  const cipher = createCipheriv(ALGORITHM, options.key, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(options.aad);
  const body = Buffer.concat([cipher.update(options.plaintext), cipher.final()]);
  return Buffer.concat([options.header, nonce, body, cipher.getAuthTag()]);
}

/**
 * Decrypts what `sealAesGcm` produced, given the length of its header, and returns the plaintext.
 * Any failure (short input, wrong key, wrong aad, altered byte) throws AppError crypto.unreadable and
 * never returns partial plaintext: GCM output is only released after `final()` has checked the tag.
 */
export function openAesGcm(options: {
  key: Uint8Array;
  headerLength: number;
  sealed: Uint8Array;
  aad: Uint8Array;
}): Buffer {
  const { key, headerLength, sealed, aad } = options;
  if (key.length !== KEY_LENGTH || sealed.length < headerLength + NONCE_LENGTH + TAG_LENGTH) {
    throw createUnreadableError();
  }
  const input = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  const nonce = input.subarray(headerLength, headerLength + NONCE_LENGTH);
  const body = input.subarray(headerLength + NONCE_LENGTH, input.length - TAG_LENGTH);
  const tag = input.subarray(input.length - TAG_LENGTH);
  let unverified: Buffer | undefined;
  try {
    // authTagLength pins the tag to 16 bytes: without it Node would accept truncated tags.
    const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_LENGTH });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    unverified = decipher.update(body);
    const tail = decipher.final();
    return Buffer.concat([unverified, tail]);
  } catch {
    // update() already produced plaintext that failed authentication: wipe it, never hand it out.
    unverified?.fill(0);
    // The node error says why (e.g. "unable to authenticate data"); it must not reach the caller.
    throw createUnreadableError();
  }
}
