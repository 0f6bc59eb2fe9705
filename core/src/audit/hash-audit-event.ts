import { createHash } from "node:crypto";
import { canonicalizeAuditEvent, type TUnhashedAuditEvent } from "./canonicalize-audit-event";

/** The `prevHash` of a workspace's first audit event. */
export const GENESIS_HASH = "0".repeat(64);

/** SHA-256 (hex) of the event's canonical form, which includes `prevHash`: this is what chains events. */
export function hashAuditEvent(event: TUnhashedAuditEvent): string {
  return createHash("sha256").update(canonicalizeAuditEvent(event), "utf8").digest("hex");
}
