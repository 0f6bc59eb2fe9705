import type { TConversationStatus } from "../schemas/conversation";
import type { TPolicy } from "../schemas/policy";
import type { TResolvedPolicy } from "./default-policy";
import { resolvePolicy, type TPolicyTarget } from "./resolve-policy";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A conversation as retention sees it. */
export type TPurgeConversation = {
  id: string;
  departmentId: string;
  siteId: string;
  lastActivityAt: Date;
  status: TConversationStatus;
};

/** A visitor as retention sees it. */
export type TPurgeVisitor = {
  id: string;
  siteId: string;
  lastSeenAt: Date;
  /** Chatting right now (the hub knows before the store does): never due. */
  hasLiveConversation: boolean;
  /** Every conversation of the visitor, due or not: the visitor is kept while one of them stays. */
  conversationIds: readonly string[];
};

/** Everything `planPurge` decides from; plain data, one workspace. */
export type TPurgeInput = {
  now: Date;
  /** All policies of the workspace. */
  policies: readonly TPolicy[];
  conversations: readonly TPurgeConversation[];
  visitors: readonly TPurgeVisitor[];
  /** The oldest audit events of the workspace, from its first remaining one on (seq and time only). */
  auditEvents?: readonly { seq: number; at: Date }[];
};

/** What is due for deletion. */
export type TPurgePlan = {
  conversationIds: string[];
  visitorIds: string[];
  /** Delete every audit event with `seq < auditBeforeSeq`; `null` when none is due. */
  auditBeforeSeq: number | null;
};

/**
 * Decides what has outlived its policy; deletes nothing. Every period is counted in whole
 * 24-hour days of milliseconds from the last activity, and something is due at the exact
 * millisecond its period ends (`now - since >= days × 86 400 000`), not one millisecond later.
 *
 * - A conversation is due when its resolved `conversationDays` (department + site) has passed since
 *   `lastActivityAt` and no applicable layer holds it. Status does not protect it: an open or
 *   waiting conversation is kept by recent activity, so a chat abandoned open past the period is due.
 * - A visitor is due when their resolved `visitorDays` (site) has passed since `lastSeenAt`, no
 *   hold applies to their site, they have no live conversation, and every one of their
 *   `conversationIds` is due in this same plan (so their key, which reads those conversations, is
 *   never destroyed under one that stays). A conversation id missing from `conversations` counts as
 *   staying: a partial batch can only keep more.
 * - Audit events are due after the workspace's `auditDays` unless the workspace is on hold. The
 *   answer is a boundary, not a set, so the chain stays a contiguous suffix: it stops at the first
 *   event (by seq) that is not yet due or at a gap in the seqs given.
 *
 * `null` periods mean "keep forever"; with no policy at all nothing is ever due.
 */
export function planPurge(input: TPurgeInput): TPurgePlan {
  const now = input.now.getTime();
  const policyFor = memoizePolicies(input.policies);

  const conversationIds = input.conversations
    .filter((c) => {
      const policy = policyFor({ departmentId: c.departmentId, siteId: c.siteId });
      return !policy.legalHold && isDue(now, c.lastActivityAt, policy.retention.conversationDays);
    })
    .map((c) => c.id);

  const due = new Set(conversationIds);
  const visitorIds = input.visitors
    .filter((v) => {
      const policy = policyFor({ departmentId: null, siteId: v.siteId });
      return (
        !policy.legalHold &&
        !v.hasLiveConversation &&
        v.conversationIds.every((id) => due.has(id)) &&
        isDue(now, v.lastSeenAt, policy.retention.visitorDays)
      );
    })
    .map((v) => v.id);

  const workspacePolicy = policyFor({ departmentId: null, siteId: null });
  const auditBeforeSeq = workspacePolicy.legalHold
    ? null
    : findAuditBoundary(now, input.auditEvents ?? [], workspacePolicy.retention.auditDays);

  return { conversationIds, visitorIds, auditBeforeSeq };
}

function isDue(now: number, since: Date, days: number | null): boolean {
  // An invalid date compares false both ways, so it is never due.
  return days !== null && now - since.getTime() >= days * DAY_MS;
}

function findAuditBoundary(
  now: number,
  events: readonly { seq: number; at: Date }[],
  days: number | null,
): number | null {
  if (days === null) return null;
  const bySeq = [...events].sort((a, b) => a.seq - b.seq);
  let boundary: number | null = null;
  for (const event of bySeq) {
    const isNext = boundary === null || event.seq === boundary;
    if (!isNext || !isDue(now, event.at, days)) break;
    boundary = event.seq + 1;
  }
  return boundary;
}

function memoizePolicies(policies: readonly TPolicy[]): (target: TPolicyTarget) => TResolvedPolicy {
  const cache = new Map<string, TResolvedPolicy>();
  return (target) => {
    const key = `${target.departmentId ?? ""}|${target.siteId ?? ""}`;
    let policy = cache.get(key);
    if (policy === undefined) {
      policy = resolvePolicy(policies, target);
      cache.set(key, policy);
    }
    return policy;
  };
}
