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
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if (part === null) {
      chunks.push(Buffer.of(0));
      continue;
    }
    if (LONE_SURROGATE.test(part)) {
      throw new AppError("internal.error", "An encryption context value is not well-formed Unicode.");
    }
    const bytes = Buffer.from(part, "utf8");
    const header = Buffer.alloc(5);
    header.writeUInt8(1, 0);
    header.writeUInt32BE(bytes.length, 1);
    chunks.push(header, bytes);
  }
  return Buffer.concat(chunks);
}
