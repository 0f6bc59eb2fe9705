import type { TAuditEvent } from "../schemas/audit-event";
import { canonicalizeJson } from "./canonical-json";

/** An audit event before its own hash is computed. */
export type TUnhashedAuditEvent = Omit<TAuditEvent, "hash">;

/**
 * The fields an event's hash covers: all of them but the hash itself. Listed rather than taken
 * from the object, so extra properties a store row might carry never change a hash.
 */
export const HASHED_AUDIT_FIELDS = [
  "id",
  "workspaceId",
  "seq",
  "at",
  "prevHash",
  "actor",
  "action",
  "resource",
  "outcome",
  "details",
] as const satisfies readonly (keyof TUnhashedAuditEvent)[];

/**
 * The canonical text of an audit event (every field in `HASHED_AUDIT_FIELDS`; `hash` is left out
 * when present): sorted keys, no whitespace, `at` as an ISO string.
 *
 * @example
 * canonicalizeAuditEvent(event) // '{"action":"policy.update","actor":{"id":"…","type":"member"},…}'
 */
export function canonicalizeAuditEvent(event: TUnhashedAuditEvent): string {
  const picked: Record<string, unknown> = {};
  for (const field of HASHED_AUDIT_FIELDS) picked[field] = event[field];
  return canonicalizeJson(picked);
}
