import { hkdfSync } from "node:crypto";
import { AppError } from "../errors/app-error";

/** Bytes of the key that signs visitor tokens (HMAC-SHA-256). */
export const WIDGET_TOKEN_KEY_LENGTH = 32;

// Fixed and versioned: the info string separates this key from every other use of the master key.
const HKDF_INFO = "tawkster/widget-visitor-token/v1";

/**
 * Derives the key that signs widget visitor tokens from the master key (HKDF-SHA-256 with a
 * fixed info string), so no extra secret has to be configured. Consequence: rotating the master
 * key changes this key, and every visitor must start a new chat session (their tokens stop
 * verifying; conversations stay stored).
 */
export function deriveWidgetTokenKey(masterKey: Uint8Array): Buffer {
  if (!(masterKey instanceof Uint8Array) || masterKey.length < 32) {
    throw new AppError("config.invalid", "The master key must be at least 32 bytes.");
  }
  return Buffer.from(hkdfSync("sha256", masterKey, new Uint8Array(0), HKDF_INFO, WIDGET_TOKEN_KEY_LENGTH));
}
