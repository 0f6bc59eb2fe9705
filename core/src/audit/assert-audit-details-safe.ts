import { AppError } from "../errors/app-error";
import { findSensitiveAuditKeys } from "./sensitive-keys";

/**
 * Throws `request.invalid`, naming the keys, when audit details look like they carry message text,
 * a credential or an email address (see `findSensitiveAuditKeys` for why audit must stay
 * content-free). Only key names are reported, never values.
 */
export function assertAuditDetailsSafe(details: Record<string, unknown>): void {
  const keys = findSensitiveAuditKeys(details);
  if (keys.length === 0) return;
  throw new AppError(
    "request.invalid",
    `Audit details must not carry message text, credentials or email addresses: ${keys.join(", ")}.`,
  );
}
