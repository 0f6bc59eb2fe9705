import { z } from "zod";

const ZCount = z.number().int().min(0);
const ZIso = z.iso.datetime();

/** What a purge removed (or, dry, would remove), counted. */
export const ZPurgeCounts = z.object({
  conversations: ZCount,
  visitors: ZCount,
  messages: ZCount,
  readMarkers: ZCount,
  keysDestroyed: ZCount,
  outboxQueued: ZCount,
  auditEvents: ZCount,
});
export type TPurgeCounts = z.infer<typeof ZPurgeCounts>;

/** One conversation a purge reaches: where it lived and how old it is, never what it said. */
export const ZPurgedConversation = z.object({
  id: z.uuid(),
  departmentName: z.string().nullable(),
  siteName: z.string().nullable(),
  lastActivityAt: ZIso.nullable(),
  /** Whole days since its last activity; null when it was already gone before it could be described. */
  ageDays: ZCount.nullable(),
});
export type TPurgedConversation = z.infer<typeof ZPurgedConversation>;

/** One visitor profile a purge reaches (ids and times only). */
export const ZPurgedVisitor = z.object({
  id: z.uuid(),
  siteName: z.string().nullable(),
  lastSeenAt: ZIso.nullable(),
  ageDays: ZCount.nullable(),
});
export type TPurgedVisitor = z.infer<typeof ZPurgedVisitor>;

/** One workspace's part of a purge. */
export const ZWorkspacePurgeReport = z.object({
  workspaceId: z.uuid(),
  workspaceName: z.string(),
  counts: ZPurgeCounts,
  conversations: z.array(ZPurgedConversation),
  visitors: z.array(ZPurgedVisitor),
  /** True when more went than are listed (the counts are always complete). */
  isTruncated: z.boolean(),
  /** The run's audit event; null for a dry run or a workspace without retention periods. */
  auditEventId: z.uuid().nullable(),
});
export type TWorkspacePurgeReport = z.infer<typeof ZWorkspacePurgeReport>;

/**
 * A retention run as the console, the API and the CLI show it: counts, and the ids of what went
 * with their department, site and age. No content, no visitor identity.
 */
export const ZPurgeReport = z.object({
  /** "skipped": another hub instance was purging; "lease-lost": it took over mid-run. */
  status: z.enum(["completed", "skipped", "lease-lost"]),
  dryRun: z.boolean(),
  /** The instant policies were measured against. */
  at: ZIso,
  totals: ZPurgeCounts,
  workspaces: z.array(ZWorkspacePurgeReport),
});
export type TPurgeReport = z.infer<typeof ZPurgeReport>;
