import { createHmac } from "node:crypto";

/**
 * An HOTP code (RFC 4226): HMAC-SHA-1 of the 8-byte big-endian counter, dynamically truncated,
 * as `digits` decimal digits with leading zeros.
 *
 * @example computeHotp(Buffer.from("12345678901234567890"), 0) // "755224"
 */
export function computeHotp(secret: Uint8Array, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}
