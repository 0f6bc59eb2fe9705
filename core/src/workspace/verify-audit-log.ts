import { type TChainCheckpoint, type TChainVerification, verifyChain } from "../audit/verify-chain";
import { workspaceOf } from "../chat/chat-actor";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TWorkspaceDeps } from "./deps";

const STORE_PAGE = 1000;

/** The chain's verification, and the seq it starts at (above 1 once retention purged older events). */
export type TAuditLogVerification = TChainVerification & { firstSeq: number | null };

/**
 * Verifies the workspace's whole audit chain (admins), page by page (`verifyChain` with
 * `startAfter` carried from each page to the next). When retention purged the oldest events, the
 * chain is verified from the oldest one kept, trusting its link to its deleted predecessor; the
 * result's `firstSeq` says where that was, so the console can show it.
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
  for (;;) {
    const page = await audit.list({ afterSeq: startAfter?.seq ?? 0, limit: STORE_PAGE });
    const first = page[0];
    if (first === undefined) break;
    if (firstSeq === null) {
      firstSeq = first.seq;
      if (first.seq > 1) startAfter = { seq: first.seq - 1, hash: first.prevHash };
    }
    const result = verifyChain(page, { startAfter });
    if (!result.ok) return { ...result, index: result.index + count, firstSeq };
    count += result.count;
    lastHash = result.lastHash;
    const last = page[page.length - 1];
    if (last === undefined || page.length < STORE_PAGE) break;
    startAfter = { seq: last.seq, hash: last.hash };
  }
  if (lastHash === null) return { ...verifyChain([]), firstSeq };
  return { ok: true, count, lastHash, firstSeq };
}
