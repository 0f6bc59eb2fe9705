import { AppError } from "../errors/app-error";

/**
 * The one error every decryption failure becomes. It carries no cause and the same message whatever
 * went wrong (tampered, truncated, moved, key destroyed, KEK missing), so callers and logs cannot be
 * used as an oracle that tells one failure from another.
 */
export function createUnreadableError(): AppError {
  return new AppError("crypto.unreadable", "This data cannot be read.");
}
