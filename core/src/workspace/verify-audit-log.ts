import { type TChainCheckpoint, type TChainVerification, verifyChain } from "../audit/verify-chain";
import { workspaceOf } from "../chat/chat-actor";
import { readPurgeCheckpoint } from "../lifecycle/audit-checkpoint";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { ScopedStore } from "../store/port";
import type { TWorkspaceDeps } from "./deps";

const STORE_PAGE = 1000;

/** The chain's verification, and the seq it starts at (above 1 once retention purged older events). */
export type TAuditLogVerification = TChainVerification & { firstSeq: number | null };

/**
 * Verifies the workspace's whole audit chain (admins), page by page (`verifyChain` with
 * `startAfter` carried from each page to the next). When retention purged the oldest events, the
 * chain is verified from the oldest one kept, whose link to its deleted predecessor must match a
 * checkpoint a retention run recorded inside the chain before purging (`readPurgeCheckpoint`);
 * without one, the missing head is reported as "missing". The result's `firstSeq` says where the
 * kept chain starts, so the console can show it.
 */
export async function verifyAuditLog(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
): Promise<TAuditLogVerification> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "audit.read", { type: "workspace", workspaceId });
  const audit = deps.store.scoped(workspaceId).audit;
  let startAfter: TChainCheckpoint | undefined;
  let firstSeq: number | null = null;
  let count = 0;
  let lastHash: string | null = null;
  // Checkpoints found in verified events; one of them must vouch for where the kept chain starts.
  const checkpoints: TChainCheckpoint[] = [];
  let trustedStart: TChainCheckpoint | undefined;
  for (;;) {
    const page = await audit.list({ afterSeq: startAfter?.seq ?? 0, limit: STORE_PAGE });
    const first = page[0];
    if (first === undefined) break;
    if (firstSeq === null) {
      firstSeq = first.seq;
      if (first.seq > 1) startAfter = { seq: first.seq - 1, hash: first.prevHash };
      trustedStart = startAfter;
    }
    const result = verifyChain(page, { startAfter });
    if (!result.ok) return { ...result, index: result.index + count, firstSeq };
    for (const event of page) {
      const checkpoint = readPurgeCheckpoint(event);
      if (checkpoint) checkpoints.push(checkpoint);
    }
    count += result.count;
    lastHash = result.lastHash;
    const last = page[page.length - 1];
    if (last === undefined || page.length < STORE_PAGE) break;
    startAfter = { seq: last.seq, hash: last.hash };
  }
  if (lastHash === null) return { ...verifyChain([]), firstSeq };
  if (trustedStart && !(await isStartVouched(audit, trustedStart, checkpoints))) {
    const below = checkpoints.filter((c) => c.seq < trustedStart.seq).map((c) => c.seq);
    return { ok: false, problem: "missing", seq: Math.max(0, ...below) + 1, index: 0, firstSeq };
  }
  return { ok: true, count, lastHash, firstSeq };
}

/**
 * Whether a recorded checkpoint accounts for the events before the kept chain: one at exactly the
 * deleted predecessor with its hash, or one further on whose event is still here with that hash (a
 * purge that stopped part-way deleted only events its checkpoint had already declared due).
 */
async function isStartVouched(
  audit: ScopedStore["audit"],
  start: TChainCheckpoint,
  checkpoints: readonly TChainCheckpoint[],
): Promise<boolean> {
  if (checkpoints.some((c) => c.seq === start.seq && c.hash === start.hash)) return true;
  for (const checkpoint of checkpoints.filter((c) => c.seq > start.seq)) {
    const [event] = await audit.list({ afterSeq: checkpoint.seq - 1, limit: 1 });
    if (event?.seq === checkpoint.seq && event.hash === checkpoint.hash) return true;
  }
  return false;
}
