import type { TRetentionRun, TWorkspacePurge } from "@tawkster/core/lifecycle";
import type { Store } from "@tawkster/core/store";
import type {
  TPurgeCounts,
  TPurgedConversation,
  TPurgedVisitor,
  TPurgeReport,
  TWorkspacePurgeReport,
} from "./purge-report";

const DAY_MS = 86_400_000;
/** Most conversations and visitors one report lists per workspace; the counts stay complete. */
export const PURGE_REPORT_LIMIT = 500;
const LOOKUP_CHUNK = 50;

/** Descriptions already known by id (a preview taken just before a real run, whose rows are now gone). */
export type TKnownPurgeDetails = {
  conversations: ReadonlyMap<string, TPurgedConversation>;
  visitors: ReadonlyMap<string, TPurgedVisitor>;
};

/**
 * Turns a retention run (ids and counts from core) into a report an admin can read: each
 * conversation's department, site and age, each visitor's site and age. Only metadata is read —
 * never a sealed column — and only in the workspaces core already authorized the run for.
 * Rows a real run deleted are described from `known` (a preview) or left with nulls.
 */
export async function describePurge(
  store: Store,
  run: TRetentionRun,
  options: { now: Date; known?: TKnownPurgeDetails; limit?: number },
): Promise<TPurgeReport> {
  const limit = options.limit ?? PURGE_REPORT_LIMIT;
  const workspaces: TWorkspacePurgeReport[] = [];
  for (const purge of run.workspaces) {
    workspaces.push(await describeWorkspace(store, purge, { ...options, limit }));
  }
  return {
    status: run.status,
    dryRun: run.dryRun,
    at: options.now.toISOString(),
    totals: sumCounts(workspaces.map((w) => w.counts)),
    workspaces,
  };
}

/** Indexes a report's descriptions by id, to annotate a real run that follows it. */
export function indexPurgeDetails(report: TPurgeReport): TKnownPurgeDetails {
  return {
    conversations: new Map(report.workspaces.flatMap((w) => w.conversations.map((c) => [c.id, c]))),
    visitors: new Map(report.workspaces.flatMap((w) => w.visitors.map((v) => [v.id, v]))),
  };
}

async function describeWorkspace(
  store: Store,
  purge: TWorkspacePurge,
  options: { now: Date; known?: TKnownPurgeDetails; limit: number },
): Promise<TWorkspacePurgeReport> {
  const scope = store.scoped(purge.workspaceId);
  const [workspace, departments, sites] = await Promise.all([
    store.workspaces.get(purge.workspaceId),
    scope.departments.list(),
    scope.sites.list(),
  ]);
  const departmentName = (id: string) => departments.find((d) => d.id === id)?.name ?? null;
  const siteName = (id: string) => sites.find((s) => s.id === id)?.name ?? null;
  const ageDays = (since: Date) =>
    Math.max(0, Math.floor((options.now.getTime() - since.getTime()) / DAY_MS));

  const conversationIds = purge.conversationIds.slice(0, options.limit);
  const conversations: TPurgedConversation[] = [];
  for (let i = 0; i < conversationIds.length; i += LOOKUP_CHUNK) {
    const chunk = conversationIds.slice(i, i + LOOKUP_CHUNK);
    const rows = await Promise.all(chunk.map((id) => scope.conversations.get(id)));
    chunk.forEach((id, j) => {
      const row = rows[j];
      conversations.push(
        row
          ? {
              id,
              departmentName: departmentName(row.departmentId),
              siteName: siteName(row.siteId),
              lastActivityAt: row.lastActivityAt.toISOString(),
              ageDays: ageDays(row.lastActivityAt),
            }
          : (options.known?.conversations.get(id) ?? {
              id,
              departmentName: null,
              siteName: null,
              lastActivityAt: null,
              ageDays: null,
            }),
      );
    });
  }

  const visitorIds = purge.visitorIds.slice(0, options.limit);
  const visitorRows = new Map((await scope.purge.listVisitors(visitorIds)).map((v) => [v.id, v]));
  const visitors: TPurgedVisitor[] = visitorIds.map((id) => {
    const row = visitorRows.get(id);
    if (row) {
      return {
        id,
        siteName: siteName(row.siteId),
        lastSeenAt: row.lastSeenAt.toISOString(),
        ageDays: ageDays(row.lastSeenAt),
      };
    }
    return options.known?.visitors.get(id) ?? { id, siteName: null, lastSeenAt: null, ageDays: null };
  });

  return {
    workspaceId: purge.workspaceId,
    workspaceName: workspace?.name ?? "",
    counts: {
      conversations: purge.conversationIds.length,
      visitors: purge.visitorIds.length,
      messages: purge.messageCount,
      readMarkers: purge.readMarkerCount,
      keysDestroyed: purge.keysDestroyed,
      outboxQueued: purge.outboxQueued,
      auditEvents: purge.auditEventsDeleted,
    },
    conversations,
    visitors,
    isTruncated: purge.conversationIds.length > options.limit || purge.visitorIds.length > options.limit,
    auditEventId: purge.auditEventId,
  };
}

function sumCounts(all: readonly TPurgeCounts[]): TPurgeCounts {
  const total: TPurgeCounts = {
    conversations: 0,
    visitors: 0,
    messages: 0,
    readMarkers: 0,
    keysDestroyed: 0,
    outboxQueued: 0,
    auditEvents: 0,
  };
  for (const counts of all) {
    for (const key of Object.keys(total) as (keyof TPurgeCounts)[]) total[key] += counts[key];
  }
  return total;
}
