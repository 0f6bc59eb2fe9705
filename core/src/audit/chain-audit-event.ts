import { AppError, describeZodError } from "../errors/app-error";
import { type TAuditEvent, type TAuditEventInput, ZAuditEventInput } from "../schemas/audit-event";
import { ZId } from "../schemas/common";
import { assertAuditDetailsSafe } from "./assert-audit-details-safe";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";

/** Where and when a new audit event is written; chosen by the store, not by the caller of `audit`. */
export type TAuditEventMeta = { id: string; workspaceId: string; at: Date };

/**
 * The event that follows `previous` (or starts the chain when it is `null`): `seq` one more,
 * `prevHash` the previous hash, `hash` over all of it. Pure: the store must read the previous event
 * and insert this one in one transaction (with `(workspaceId, seq)` unique) so the chain stays linear.
 * Throws `request.invalid` for invalid input or details that look like content or PII.
 */
export function chainAuditEvent(
  previous: TAuditEvent | null,
  input: TAuditEventInput,
  meta: TAuditEventMeta,
): TAuditEvent {
  if (previous !== null && previous.workspaceId !== meta.workspaceId) {
    throw new AppError("internal.error", "An audit event can only follow an event of its own workspace.");
  }
  if (input?.details !== null && typeof input?.details === "object") assertAuditDetailsSafe(input.details);
  const parsed = ZAuditEventInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError("request.invalid", `Invalid audit event: ${describeZodError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const ids = ZId.safeParse(meta.id).success && ZId.safeParse(meta.workspaceId).success;
  if (!ids || !(meta.at instanceof Date) || Number.isNaN(meta.at.getTime())) {
    throw new AppError("internal.error", "An audit event needs a uuid id and workspace id and a valid time.");
  }
  const unhashed = {
    ...parsed.data,
    id: meta.id,
    workspaceId: meta.workspaceId,
    seq: previous === null ? 1 : previous.seq + 1,
    // A copy, so a caller who later mutates their Date cannot change what was hashed.
    at: new Date(meta.at.getTime()),
    prevHash: previous === null ? GENESIS_HASH : previous.hash,
  };
  return { ...unhashed, hash: hashAuditEvent(unhashed) };
}
