/** Length in bytes of every master key (AES-256). */
export const MASTER_KEY_BYTES = 32;

const KEY_FORMAT = `must be ${MASTER_KEY_BYTES} bytes encoded as base64 or hex`;

/** The outcome of decoding a key's text: the bytes, or what is wrong (never the text itself). */
export type TKeyDecoding = { ok: true; key: Buffer } | { ok: false; problem: string };

/**
 * Decodes a master key written as hex (64 digits) or base64 (standard or URL-safe, padding
 * optional) and checks it is exactly 32 bytes. Text made only of an even number of hex digits is
 * read as hex. The problem it reports never contains the key text.
 *
 * @example
 * decodeMasterKey(randomBytes(32).toString("base64")); // { ok: true, key: <Buffer …32 bytes> }
 * decodeMasterKey("abcd"); // { ok: false, problem: "must be 32 bytes … (got 2 bytes)" }
 */
export function decodeMasterKey(text: string): TKeyDecoding {
  const bytes = decodeHexOrBase64(text.trim());
  if (bytes === null) return { ok: false, problem: `${KEY_FORMAT} (got text that is neither)` };
  if (bytes.length !== MASTER_KEY_BYTES) {
    return { ok: false, problem: `${KEY_FORMAT} (got ${bytes.length} bytes)` };
  }
  return { ok: true, key: bytes };
}

function decodeHexOrBase64(text: string): Buffer | null {
  if (text.length === 0) return null;
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) return Buffer.from(text, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const unpadded = text.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  if (unpadded.length % 4 === 1) return null;
  const bytes = Buffer.from(unpadded, "base64");
  // Node ignores stray trailing bits; a canonical round trip proves the text was real base64.
  if (bytes.toString("base64").replace(/=+$/, "") !== unpadded) return null;
  return bytes;
}
