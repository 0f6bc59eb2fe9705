import { z } from "zod";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import { authorize } from "../rbac/authorize";
import type { TConversation } from "../schemas/conversation";
import type { ScopedStore } from "../store/port";
import { workspaceOf } from "./chat-actor";
import type { TChatDeps } from "./deps";
import { parseInput } from "./parse-input";

const DAY_MS = 86_400_000;
/** The longest range one call covers. */
export const MAX_STATS_DAYS = 366;
/** The most conversations one call may weigh; a busier range must be asked for in parts. */
export const MAX_STATS_CONVERSATIONS = 100_000;
const LIST_PAGE = 1000;
const MESSAGE_PAGE = 500;

/** Input of `conversationStats`: conversations created in `[from, to)`, optionally of one department. */
export const ZConversationStatsInput = z
  .object({ from: z.date(), to: z.date(), departmentId: z.string().max(200).optional() })
  .refine((r) => r.from.getTime() < r.to.getTime(), { message: "must be after from", path: ["to"] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= MAX_STATS_DAYS * DAY_MS, {
    message: `must be at most ${MAX_STATS_DAYS} days after from`,
    path: ["to"],
  });
/** `ZConversationStatsInput` as callers pass it, before validation. */
export type TConversationStatsInput = z.input<typeof ZConversationStatsInput>;

/** Figures for a set of conversations; times in milliseconds, null when there is nothing to measure. */
export type TStatsFigures = {
  created: number;
  firstResponse: { answered: number; medianMs: number | null; p90Ms: number | null };
  resolution: { resolved: number; medianMs: number | null };
};

/** Figures per UTC day of creation, and for the whole range. */
export type TConversationStats = {
  from: Date;
  to: Date;
  /** The departments counted, or null for the whole workspace. */
  departmentIds: string[] | null;
  days: (TStatsFigures & { date: string })[];
  total: TStatsFigures;
};

/**
 * Analytics for the managers' page: per UTC day, the conversations created that day, the median
 * and 90th percentile of their first-response time, and the median of their resolution time.
 *
 * - First response: from the first visitor message to the first member message after it (message
 *   timestamps and authors only; nothing is decrypted). Conversations nobody answered are left out.
 * - Resolution: conversation created → closed, for those closed.
 * - Median: the middle value, or the mean of the two middle ones (rounded to the millisecond); p90:
 *   nearest rank (the smallest value with at least 90% of values at or below it).
 *
 * Authorized per department ("analytics.read"): an admin sees the workspace or any department, a
 * manager their departments only (all of them when no `departmentId` is given).
 */
export async function conversationStats(
  deps: TChatDeps,
  actor: TMemberActor,
  raw: TConversationStatsInput,
): Promise<TConversationStats> {
  const workspaceId = workspaceOf(actor);
  const input = parseInput(ZConversationStatsInput, raw);
  const scope = deps.store.scoped(workspaceId);
  const departmentIds = await resolveDepartments(scope, actor, input.departmentId);

  const from = input.from.getTime();
  const to = input.to.getTime();
  const conversations = (await listCandidates(scope, departmentIds, input.from)).filter((c) => {
    const created = c.createdAt.getTime();
    return created >= from && created < to;
  });

  const firstDay = Math.floor(from / DAY_MS);
  const lastDay = Math.floor((to - 1) / DAY_MS);
  const buckets = Array.from({ length: lastDay - firstDay + 1 }, () => new Sample());
  const total = new Sample();
  for (const conversation of conversations) {
    const bucket = buckets[Math.floor(conversation.createdAt.getTime() / DAY_MS) - firstDay];
    const firstResponseMs = await measureFirstResponse(scope, conversation.id);
    const resolutionMs =
      conversation.closedAt === null
        ? null
        : conversation.closedAt.getTime() - conversation.createdAt.getTime();
    for (const sample of [bucket, total]) sample?.add(firstResponseMs, resolutionMs);
  }
  return {
    from: input.from,
    to: input.to,
    departmentIds,
    days: buckets.map((sample, i) => ({
      date: new Date((firstDay + i) * DAY_MS).toISOString().slice(0, 10),
      ...sample.figures(),
    })),
    total: total.figures(),
  };
}

/** The departments the figures may cover, or null for the whole workspace; throws if none. */
async function resolveDepartments(
  scope: ScopedStore,
  actor: TMemberActor,
  departmentId: string | undefined,
): Promise<string[] | null> {
  const workspaceId = scope.workspaceId;
  if (departmentId !== undefined) {
    const department = await scope.departments.get(departmentId);
    if (!department) throw new AppError("resource.not_found", "Not found.");
    assertAuthorized(actor, "analytics.read", { type: "department", workspaceId, id: department.id });
    return [department.id];
  }
  const workspace = { type: "workspace", workspaceId } as const;
  if (authorize(actor, "analytics.read", workspace).allowed) return null;
  const allowed = (actor.departmentIds ?? []).filter(
    (id) => authorize(actor, "analytics.read", { type: "department", workspaceId, id }).allowed,
  );
  // No department to report on: answer as the workspace-wide question would (not found / denied).
  if (allowed.length === 0) assertAuthorized(actor, "analytics.read", workspace);
  return allowed;
}

/**
 * Every conversation of the departments active since `from` (a conversation created in range was
 * active since). The list query is capped; when the cap is reached before `from`, fall back to a
 * full walk of the workspace, oldest first, bounded by MAX_STATS_CONVERSATIONS.
 */
async function listCandidates(
  scope: ScopedStore,
  departmentIds: string[] | null,
  from: Date,
): Promise<TConversation[]> {
  const filter = departmentIds === null ? {} : { departmentIds };
  const recent = await scope.conversations.list({ ...filter, limit: LIST_PAGE });
  const oldest = recent[recent.length - 1];
  if (recent.length < LIST_PAGE || (oldest !== undefined && oldest.lastActivityAt < from)) return recent;
  // TODO(store): a `createdBetween` filter on conversations.list would make this one indexed query.
  const everything = await scope.conversations.listInactiveSince(
    new Date(8.64e15),
    MAX_STATS_CONVERSATIONS + 1,
  );
  if (everything.length > MAX_STATS_CONVERSATIONS) {
    throw new AppError("request.too_large", "Too many conversations for one report; choose a shorter range.");
  }
  return departmentIds === null
    ? everything
    : everything.filter((c) => departmentIds.includes(c.departmentId));
}

/** Milliseconds from the first visitor message to the first member message after it, or null. */
async function measureFirstResponse(scope: ScopedStore, conversationId: string): Promise<number | null> {
  let visitorAt: number | null = null;
  let afterSeq = 0;
  for (;;) {
    const page = await scope.messages.list(conversationId, { afterSeq, limit: MESSAGE_PAGE });
    for (const message of page) {
      if (visitorAt === null) {
        if (message.author.type === "visitor") visitorAt = message.createdAt.getTime();
      } else if (message.author.type === "member") {
        return Math.max(0, message.createdAt.getTime() - visitorAt);
      }
    }
    const last = page[page.length - 1];
    if (page.length < MESSAGE_PAGE || last === undefined) return null;
    afterSeq = last.seq;
  }
}

/** Collects one bucket's measurements. */
class Sample {
  private created = 0;
  private readonly firstResponses: number[] = [];
  private readonly resolutions: number[] = [];

  add(firstResponseMs: number | null, resolutionMs: number | null): void {
    this.created++;
    if (firstResponseMs !== null) this.firstResponses.push(firstResponseMs);
    // A clock step back must not produce a negative duration.
    if (resolutionMs !== null) this.resolutions.push(Math.max(0, resolutionMs));
  }

  figures(): TStatsFigures {
    const responses = [...this.firstResponses].sort((a, b) => a - b);
    const resolutions = [...this.resolutions].sort((a, b) => a - b);
    return {
      created: this.created,
      firstResponse: {
        answered: responses.length,
        medianMs: median(responses),
        p90Ms: nearestRank(responses, 90),
      },
      resolution: { resolved: resolutions.length, medianMs: median(resolutions) },
    };
  }
}

function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const high = sorted[Math.floor(n / 2)] ?? 0;
  if (n % 2 === 1) return high;
  const low = sorted[n / 2 - 1] ?? 0;
  return Math.round((low + high) / 2);
}

function nearestRank(sorted: readonly number[], percent: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.ceil((percent / 100) * sorted.length) - 1] ?? null;
}
