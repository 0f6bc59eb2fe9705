import { AppError } from "../errors/app-error";

const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Encodes the parts of an AES-GCM associated data unambiguously: each part is a tag byte (0 for null,
 * 1 for a string) followed, for strings, by its UTF-8 byte length (u32, big-endian) and its bytes.
 * Length prefixes mean ("ab", "c") and ("a", "bc") never encode alike; the null tag keeps `null`
 * apart from "". Strings with lone surrogates are refused because UTF-8 would turn different ones
 * into the same U+FFFD bytes.
 */
export function encodeAssociatedData(parts: readonly (string | null)[]): Buffer {
  // Measured first, then written into one buffer: every message seal encodes one of these, and a
  // buffer per part (tag, length, bytes) then a concatenation cost more than the encryption's setup.
  let size = 0;
  for (const part of parts) {
    if (part === null) {
      size += 1;
      continue;
    }
    if (LONE_SURROGATE.test(part)) {
      throw new AppError("internal.error", "An encryption context value is not well-formed Unicode.");
    }
    size += 5 + Buffer.byteLength(part, "utf8");
  }
  const encoded = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    if (part === null) {
      offset = encoded.writeUInt8(0, offset);
      continue;
    }
    offset = encoded.writeUInt8(1, offset);
    const length = encoded.write(part, offset + 4, "utf8");
    encoded.writeUInt32BE(length, offset);
    offset += 4 + length;
  }
  return encoded;
}
