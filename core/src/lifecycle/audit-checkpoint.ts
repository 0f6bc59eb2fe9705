import type { TChainCheckpoint } from "../audit/verify-chain";
import type { TAuditEvent } from "../schemas/audit-event";

/** The audit action of a retention run: its event carries the checkpoint when audit events were purged. */
export const RETENTION_RUN_ACTION = "retention.run";

/** The audit details that record where a purge cut the chain: the last deleted event's seq and hash. */
export function toCheckpointDetails(checkpoint: TChainCheckpoint): {
  auditCheckpointSeq: number;
  auditCheckpointHash: string;
} {
  return { auditCheckpointSeq: checkpoint.seq, auditCheckpointHash: checkpoint.hash };
}

/**
 * The checkpoint a retention run recorded before deleting the oldest audit events, or null. It lives
 * inside the hash chain, so it cannot be forged or moved without breaking verification; it is what
 * lets `verifyAuditLog` accept a chain that starts after seq 1 — and only there.
 */
export function readPurgeCheckpoint(event: TAuditEvent): TChainCheckpoint | null {
  if (event.action !== RETENTION_RUN_ACTION || event.outcome !== "success") return null;
  const seq = event.details.auditCheckpointSeq;
  const hash = event.details.auditCheckpointHash;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) return null;
  return { seq, hash };
}
