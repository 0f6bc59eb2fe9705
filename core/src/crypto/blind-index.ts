import { createHmac } from "node:crypto";
import { AppError } from "../errors/app-error";
import { KEY_LENGTH } from "./aes-gcm";
import { encodeAssociatedData } from "./encode-associated-data";

/** What a blind index can be computed for. */
export type TBlindIndexKind = "email";

/**
 * Normalizes an email for lookup: trimmed, NFKC, lower-cased, so " Alice@Example.COM " and
 * "alice@example.com" are the same person. The local part is lower-cased too: providers treat it
 * case-insensitively in practice, and an erasure that misses a differently-cased copy costs more.
 */
export function normalizeEmail(value: string): string {
  // NFKC again after lower-casing: lower-casing can leave a sequence NFKC would still compose.
  return value.normalize("NFKC").trim().toLowerCase().normalize("NFKC").trim();
}

/**
 * Computes a blind index: HMAC-SHA-256 under a workspace's index key over the kind and the normalized
 * value, as hex. Equal inputs give equal indexes (so the store can look them up by equality) while
 * the index alone reveals nothing without the key, and differs between workspaces.
 */
export function computeBlindIndex(indexKey: Uint8Array, kind: TBlindIndexKind, value: string): string {
  if (indexKey.length !== KEY_LENGTH) {
    throw new AppError("config.invalid", `A blind index key must be exactly ${KEY_LENGTH} bytes.`);
  }
  const normalized = normalizeBlindIndexValue(kind, value);
  if (/\p{Surrogate}/u.test(normalized)) {
    throw new AppError("request.invalid", "The value is not well-formed Unicode.");
  }
  const message = encodeAssociatedData(["tawkster/blind-index", kind, normalized]);
  return createHmac("sha256", indexKey).update(message).digest("hex");
}

function normalizeBlindIndexValue(kind: TBlindIndexKind, value: string): string {
  switch (kind) {
    case "email":
      return normalizeEmail(value);
  }
}
