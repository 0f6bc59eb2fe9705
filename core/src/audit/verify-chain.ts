import type { TAuditEvent } from "../schemas/audit-event";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";

/** A known point of a chain: an event's seq and hash. */
export type TChainCheckpoint = { seq: number; hash: string };

/** What can be wrong with a chain, at its first bad event. */
export type TChainProblem = "tampered" | "missing" | "reordered" | "broken-link";

/** The outcome of `verifyChain`. */
export type TChainVerification =
  | { ok: true; count: number; lastHash: string }
  | {
      ok: false;
      problem: TChainProblem;
      /** The first bad event's seq, or for "missing" the seq that should have been there. */
      seq: number;
      /** Position in the iterable where the problem shows. */
      index: number;
    };

/** Options of `verifyChain`. */
export type TVerifyChainOptions = {
  /**
   * Where the given events begin: the last event before them. Lets a chain whose oldest events
   * retention purged verify from a checkpoint (recorded when purging), and lets a long chain be
   * verified page by page (each page starts after the previous page's last event).
   */
  startAfter?: TChainCheckpoint | undefined;
  /**
   * An event the chain must reach, with this hash — kept outside the chain (the head the store last
   * reported, a copy sent elsewhere). Without it, deleting the newest events is undetectable: what
   * remains is a perfectly valid shorter chain. Events appended after it are fine.
   */
  expectedLast?: TChainCheckpoint | undefined;
};

/**
 * Checks a workspace's audit events, in order: each event's hash matches its content ("tampered"),
 * seqs follow one another ("missing" when one was removed, "reordered" when it shows up later or an
 * earlier one comes back), and each `prevHash` is the hash of the event before ("broken-link").
 * Reports the first problem only. An edited event whose hash was recomputed shows as a
 * "broken-link" at the next event (that event, or the link itself, is named); when the edited event
 * is the last one, only `expectedLast` can tell.
 */
export function verifyChain(
  events: Iterable<TAuditEvent>,
  options: TVerifyChainOptions = {},
): TChainVerification {
  const { startAfter, expectedLast } = options;
  let expectedSeq = (startAfter?.seq ?? 0) + 1;
  let expectedPrevHash = startAfter?.hash ?? GENESIS_HASH;
  let index = 0;
  // A seq jumped ahead: "reordered" if the skipped one still comes, "missing" if it never does.
  let gap: { expectedSeq: number; index: number; seq: number } | null = null;

  for (const event of events) {
    if (gap !== null) {
      if (event?.seq === gap.expectedSeq) return problem("reordered", gap.seq, gap.index);
      index++;
      continue;
    }
    if (!hasValidHash(event))
      return problem("tampered", typeof event?.seq === "number" ? event.seq : expectedSeq, index);
    if (event.seq !== expectedSeq) {
      if (event.seq < expectedSeq) return problem("reordered", event.seq, index);
      gap = { expectedSeq, index, seq: event.seq };
      index++;
      continue;
    }
    if (event.prevHash !== expectedPrevHash) return problem("broken-link", event.seq, index);
    if (expectedLast !== undefined && event.seq === expectedLast.seq && event.hash !== expectedLast.hash) {
      return problem("tampered", event.seq, index);
    }
    expectedPrevHash = event.hash;
    expectedSeq++;
    index++;
  }

  if (gap !== null) return problem("missing", gap.expectedSeq, gap.index);
  if (expectedLast !== undefined && expectedSeq <= expectedLast.seq)
    return problem("missing", expectedSeq, index);
  return { ok: true, count: index, lastHash: expectedPrevHash };
}

function hasValidHash(event: TAuditEvent): boolean {
  try {
    return typeof event.hash === "string" && hashAuditEvent(event) === event.hash;
  } catch {
    // A row that cannot even be canonicalized (a field missing or of the wrong kind) was altered.
    return false;
  }
}

function problem(kind: TChainProblem, seq: number, index: number): TChainVerification {
  return { ok: false, problem: kind, seq, index };
}
