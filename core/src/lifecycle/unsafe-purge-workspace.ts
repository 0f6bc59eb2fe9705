import type { TChainCheckpoint } from "../audit/verify-chain";
import { nextId } from "../chat/deps";
import { planPurge, type TPurgeConversation } from "../retention/plan-purge";
import { resolvePolicy } from "../retention/resolve-policy";
import type { TAuditEventInput } from "../schemas/audit-event";
import type { TConversation } from "../schemas/conversation";
import type { TPolicy } from "../schemas/policy";
import type { ScopedStore, TPurgeVisitorRow, TScanCursor } from "../store/port";
import { RETENTION_RUN_ACTION, toCheckpointDetails } from "./audit-checkpoint";
import { capAuditIds } from "./cap-audit-ids";
import { createWritePacer } from "./create-write-pacer";
import { deleteConversationRows } from "./delete-conversation-rows";
import type { TLifecycleDeps } from "./deps";
import { planPluginDeletions } from "./plan-plugin-deletions";
import { publishConversationsDeleted } from "./publish-conversations-deleted";
import { recordLifecycleAudit } from "./record-lifecycle-audit";
import { shredVisitorKeys } from "./shred-visitor-keys";
import { yieldToEventLoop } from "./yield-to-event-loop";

const DAY_MS = 86_400_000;
const AUDIT_PAGE = 1000;

/** Thrown inside a run when another instance took its lease over; the run stops where it is. */
class LeaseLostError extends Error {}

/** What retention removed from one workspace (or, in a dry run, would remove). Ids and counts only. */
export type TWorkspacePurge = {
  workspaceId: string;
  conversationIds: string[];
  visitorIds: string[];
  messageCount: number;
  readMarkerCount: number;
  /** Visitor keys destroyed (crypto-shredded); in a dry run, how many would be. */
  keysDestroyed: number;
  /** Plugin deletion requests queued; in a dry run, how many would be. */
  outboxQueued: number;
  auditEventsDeleted: number;
  /** The last purged audit event, recorded in the run's own audit event before the purge. */
  auditCheckpoint: TChainCheckpoint | null;
  /** The run's audit event (null in a dry run, or when the workspace sets no retention period). */
  auditEventId: string | null;
  /** False when the run stopped early because it lost its lease. */
  isComplete: boolean;
};

/** Options of `unsafePurgeWorkspace`. */
export type TPurgeWorkspaceOptions = {
  workspaceId: string;
  now: Date;
  dryRun: boolean;
  batchSize: number;
  actor: TAuditEventInput["actor"];
  /** Whether a visitor is chatting right now (the hub knows before the store does): never purged. */
  isVisitorLive?: ((workspaceId: string, visitorId: string) => boolean) | undefined;
  /** Share of time the purge may hold the database (1: as fast as it can); see `createWritePacer`. */
  dutyCycle: number;
  /** Called before each batch; false stops the run (the lease was lost to another instance). */
  keepAlive?: (() => Promise<boolean>) | undefined;
};

/**
 * Applies one workspace's retention policies: deletes what `planPurge` says has outlived them,
 * without authorizing (the caller has). In this order, scanning `batchSize` candidates at a time and
 * writing in steps of at most `batchSize` rows, each its own short statement or transaction, paced
 * to `dutyCycle` (see `createWritePacer`) so live chat keeps the database:
 *
 * 1. Visitors last seen before the shortest visitor period, with all their conversations: each
 *    due visitor's key is destroyed first (from then on nothing of theirs decrypts, backups
 *    included), plugin deletions are queued, then their rows go.
 * 2. Conversations inactive since the shortest conversation period whose visitor stays: rows only
 *    (their text is under the visitor's key, which still reads the visitor's other conversations),
 *    and only if no activity arrived since they were read.
 * 3. Audit events older than the workspace's audit period: the run's audit event records the last
 *    one to go (seq and hash) before any is deleted, so the chain still verifies from the first kept.
 *
 * Each batch of deleted conversations is announced on the bus (`conversation.deleted`, reason
 * "retention") as soon as its rows are gone, so open consoles and widgets let go of them.
 * A dry run computes all of it and changes nothing, its audit event included, and publishes nothing.
 */
export async function unsafePurgeWorkspace(
  deps: TLifecycleDeps,
  options: TPurgeWorkspaceOptions,
): Promise<TWorkspacePurge> {
  const { workspaceId, now, dryRun, batchSize } = options;
  const scope = deps.store.scoped(workspaceId);
  const keepAlive = options.keepAlive ?? (async () => true);
  const result: TWorkspacePurge = {
    workspaceId,
    conversationIds: [],
    visitorIds: [],
    messageCount: 0,
    readMarkerCount: 0,
    keysDestroyed: 0,
    outboxQueued: 0,
    auditEventsDeleted: 0,
    auditCheckpoint: null,
    auditEventId: null,
    isComplete: true,
  };
  const policies = await scope.policies.list();
  const periods = findShortestPeriods(policies);
  if (periods.conversationDays === null && periods.visitorDays === null && periods.auditDays === null) {
    return result;
  }
  const installations = await scope.installations.list();
  const seen = new Set<string>();
  // Renewed before every write step too (cheap: it writes only once a third of the lease has gone),
  // so even one huge conversation never outlives the lease.
  const paced = createWritePacer(deps, {
    dutyCycle: options.dutyCycle,
    beforeStep: async () => {
      if (!(await keepAlive())) throw new LeaseLostError();
    },
  });

  const purgeSubjects = async (visitors: TPurgeVisitorRow[], conversations: TConversation[]) => {
    const fresh = conversations.filter((c) => !seen.has(c.id));
    for (const c of fresh) seen.add(c.id);
    const outbox = planPluginDeletions({
      installations,
      conversations: fresh,
      visitorIds: visitors.map((v) => v.id),
      newId: () => nextId(deps),
      now,
    });
    result.visitorIds.push(...visitors.map((v) => v.id));
    if (dryRun) {
      const counts = await scope.purge.countRows(fresh.map((c) => c.id));
      result.conversationIds.push(...fresh.map((c) => c.id));
      result.messageCount += counts.messages;
      result.readMarkerCount += counts.readMarkers;
      result.keysDestroyed += visitors.length;
      result.outboxQueued += outbox.length;
      return;
    }
    // Keys first: if anything below fails, the data is already unreadable everywhere.
    if (visitors.length > 0) {
      result.keysDestroyed += await paced(() =>
        shredVisitorKeys(
          deps,
          workspaceId,
          visitors.map((v) => v.keyId),
        ),
      );
    }
    // Queued before the rows go, so a crash in between cannot leave a plugin copy nobody asks about.
    result.outboxQueued += await paced(() => scope.outbox.enqueue(outbox));
    const deleted = await deleteConversationRows(scope.purge, fresh, {
      chunkSize: batchSize,
      onlyIfInactive: visitors.length === 0,
      paced,
      // Live consoles and widgets hear of each batch as it goes, not of the whole run at its end.
      onDeleted: (ids) => publishConversationsDeleted(deps, workspaceId, ids, "retention"),
    });
    result.conversationIds.push(...deleted.conversationIds);
    result.messageCount += deleted.messages;
    result.readMarkerCount += deleted.readMarkers;
    if (visitors.length > 0) await paced(() => scope.purge.deleteVisitors(visitors.map((v) => v.id)));
  };

  try {
    await purgeVisitors();
    await purgeConversations();
  } catch (error) {
    if (error instanceof LeaseLostError) return finish(false);
    throw error;
  }
  const auditPlan = await planAuditPurge(scope, policies, now);
  result.auditCheckpoint = auditPlan.checkpoint;
  result.auditEventsDeleted = auditPlan.count;
  return finish(true, auditPlan);

  async function purgeVisitors(): Promise<void> {
    if (periods.visitorDays === null) return;
    // Due at the exact millisecond the period ends (planPurge's rule), so the scan includes that instant.
    const before = new Date(now.getTime() - periods.visitorDays * DAY_MS + 1);
    let after: TScanCursor | undefined;
    for (;;) {
      if (!(await keepAlive())) throw new LeaseLostError();
      const batch = await scope.purge.listVisitorsLastSeenBefore(before, { after, limit: batchSize });
      const last = batch[batch.length - 1];
      if (last === undefined) break;
      after = { at: last.lastSeenAt, id: last.id };
      const conversations = await scope.purge.listConversationsOfVisitors(batch.map((v) => v.id));
      const plan = planPurge({
        now,
        policies,
        conversations: conversations.map(toPurgeConversation),
        visitors: batch.map((v) => ({
          id: v.id,
          siteId: v.siteId,
          lastSeenAt: v.lastSeenAt,
          hasLiveConversation: options.isVisitorLive?.(workspaceId, v.id) ?? false,
          conversationIds: conversations.filter((c) => c.visitorId === v.id).map((c) => c.id),
        })),
      });
      const due = new Set(plan.visitorIds);
      if (due.size > 0) {
        await purgeSubjects(
          batch.filter((v) => due.has(v.id)),
          conversations.filter((c) => due.has(c.visitorId)),
        );
      }
      if (batch.length < batchSize) break;
      await yieldToEventLoop();
    }
  }

  async function purgeConversations(): Promise<void> {
    if (periods.conversationDays === null) return;
    // Due at the exact millisecond the period ends (planPurge's rule), so the scan includes that instant.
    const before = new Date(now.getTime() - periods.conversationDays * DAY_MS + 1);
    let after: TScanCursor | undefined;
    for (;;) {
      if (!(await keepAlive())) throw new LeaseLostError();
      const batch = await scope.purge.listConversationsInactiveBefore(before, { after, limit: batchSize });
      const last = batch[batch.length - 1];
      if (last === undefined) break;
      after = { at: last.lastActivityAt, id: last.id };
      const plan = planPurge({ now, policies, conversations: batch.map(toPurgeConversation), visitors: [] });
      const due = new Set(plan.conversationIds);
      const conversations = batch.filter((c) => due.has(c.id) && !seen.has(c.id));
      if (conversations.length > 0) await purgeSubjects([], conversations);
      if (batch.length < batchSize) break;
      await yieldToEventLoop();
    }
  }

  async function finish(isComplete: boolean, auditPlan?: TAuditPurgePlan): Promise<TWorkspacePurge> {
    result.isComplete = isComplete;
    if (dryRun) return result;
    if (!isComplete) {
      result.auditCheckpoint = null;
      result.auditEventsDeleted = 0;
    }
    const event = await recordLifecycleAudit(deps, {
      workspaceId,
      actor: options.actor,
      action: RETENTION_RUN_ACTION,
      resource: { type: "workspace", id: workspaceId },
      at: now,
      details: {
        isComplete,
        conversationCount: result.conversationIds.length,
        ...capAuditIds("conversationIds", result.conversationIds),
        visitorCount: result.visitorIds.length,
        ...capAuditIds("visitorIds", result.visitorIds),
        messageCount: result.messageCount,
        readMarkerCount: result.readMarkerCount,
        keysDestroyed: result.keysDestroyed,
        outboxQueued: result.outboxQueued,
        auditEventsDeleted: result.auditEventsDeleted,
        ...(result.auditCheckpoint && toCheckpointDetails(result.auditCheckpoint)),
      },
    });
    result.auditEventId = event.id;
    // Only now that the checkpoint is in the chain may the events before it go.
    if (isComplete && auditPlan?.checkpoint && auditPlan.firstSeq !== null) {
      let from = auditPlan.firstSeq;
      const end = auditPlan.checkpoint.seq + 1;
      try {
        while (from < end) {
          const to = Math.min(from + batchSize, end);
          await paced(() => scope.audit.deleteBefore(to));
          from = to;
        }
      } catch (error) {
        // Stopped part-way: the recorded checkpoint still vouches for what went (see verifyAuditLog),
        // and the next run deletes the rest.
        if (!(error instanceof LeaseLostError)) throw error;
        result.isComplete = false;
      }
    }
    return result;
  }
}

type TAuditPurgePlan = { firstSeq: number | null; count: number; checkpoint: TChainCheckpoint | null };

/** The contiguous run of oldest audit events that is due, read page by page (planPurge decides each). */
async function planAuditPurge(scope: ScopedStore, policies: TPolicy[], now: Date): Promise<TAuditPurgePlan> {
  const plan: TAuditPurgePlan = { firstSeq: null, count: 0, checkpoint: null };
  const workspacePolicy = resolvePolicy(policies, { departmentId: null, siteId: null });
  if (workspacePolicy.retention.auditDays === null || workspacePolicy.legalHold) return plan;
  let afterSeq = 0;
  let boundary: number | null = null;
  for (;;) {
    const page = await scope.audit.list({ afterSeq, limit: AUDIT_PAGE });
    const first = page[0];
    const last = page[page.length - 1];
    // A gap between pages ends the run of due events, like a gap inside one.
    if (first === undefined || last === undefined || (boundary !== null && first.seq !== boundary)) break;
    const pageBoundary = planPurge({
      now,
      policies,
      conversations: [],
      visitors: [],
      auditEvents: page.map((e) => ({ seq: e.seq, at: e.at })),
    }).auditBeforeSeq;
    if (pageBoundary === null) break;
    plan.firstSeq ??= first.seq;
    boundary = pageBoundary;
    const lastDue = page.find((e) => e.seq === pageBoundary - 1);
    if (lastDue) plan.checkpoint = { seq: lastDue.seq, hash: lastDue.hash };
    plan.count += page.filter((e) => e.seq < pageBoundary).length;
    if (pageBoundary <= last.seq) break;
    afterSeq = last.seq;
  }
  return plan;
}

/** The shortest period each retention field has anywhere in the workspace: what to scan for. */
function findShortestPeriods(policies: readonly TPolicy[]): {
  conversationDays: number | null;
  visitorDays: number | null;
  auditDays: number | null;
} {
  const shortest = (field: "conversationDays" | "visitorDays" | "auditDays") => {
    const days = policies
      .map((p) => p.settings.retention?.[field])
      .filter((d): d is number => typeof d === "number");
    return days.length === 0 ? null : Math.min(...days);
  };
  return {
    conversationDays: shortest("conversationDays"),
    visitorDays: shortest("visitorDays"),
    auditDays: shortest("auditDays"),
  };
}

function toPurgeConversation(c: TConversation): TPurgeConversation {
  return {
    id: c.id,
    departmentId: c.departmentId,
    siteId: c.siteId,
    lastActivityAt: c.lastActivityAt,
    status: c.status,
  };
}
