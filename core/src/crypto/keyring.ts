import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../errors/app-error";
import { KEY_LENGTH } from "./aes-gcm";

/** A master key (key-encryption key) and its public fingerprint. */
export interface Kek {
  /** First 16 hex chars of SHA-256("tawkster-kek-id" || key): names the KEK in rows, reveals nothing. */
  id: string;
  key: Buffer;
}

/** The master keys this process holds: `current` wraps new data keys, older ones only unwrap. */
export interface Keyring {
  current: Kek;
  /** The KEK with that id (current or previous), or null when this process does not hold it. */
  find(id: string): Kek | null;
}

/** Computes the fingerprint stored beside every wrapped data key to name the KEK that wrapped it. */
export function computeKekId(key: Uint8Array): string {
  return createHash("sha256").update("tawkster-kek-id").update(key).digest("hex").slice(0, 16);
}

/**
 * Builds a keyring from the current master key and the previous ones still needed during rotation.
 * Throws AppError config.invalid when any key is not exactly 32 bytes.
 *
 * @example
 * const keyring = createKeyring(newKey, [oldKey]); // then rotateKek({ keys, keyring })
 */
export function createKeyring(current: Uint8Array, previous: Uint8Array[] = []): Keyring {
  const currentKek = toKek(current, "The current master key");
  const byId = new Map<string, Kek>([[currentKek.id, currentKek]]);
  previous.forEach((key, index) => {
    const kek = toKek(key, `Previous master key #${index + 1}`);
    if (!byId.has(kek.id)) byId.set(kek.id, kek);
  });
  return {
    current: currentKek,
    find: (id) => byId.get(id) ?? null,
  };
}

/** Generates a new random 32-byte master key. */
export function generateMasterKey(): Buffer {
  return randomBytes(KEY_LENGTH);
}

function toKek(key: Uint8Array, label: string): Kek {
  if (!(key instanceof Uint8Array) || key.length !== KEY_LENGTH) {
    // Only the expected length is named: never echo any part of key material.
    throw new AppError("config.invalid", `${label} must be exactly ${KEY_LENGTH} bytes.`);
  }
  // Copy so a caller that later wipes or reuses its buffer does not change the keyring.
  const copy = Buffer.from(key);
  return { id: computeKekId(copy), key: copy };
}
