import { randomUUID } from "node:crypto";
import { z } from "zod";
import { currentTime } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import { AppError } from "../errors/app-error";
import type { TMemberActor, TSystemActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import { ZId } from "../schemas/common";
import type { TCompactResult } from "../store/port";
import { acquireJobLease } from "./acquire-job-lease";
import type { TLifecycleDeps } from "./deps";
import { toAuditActor } from "./lifecycle-actor";
import { releaseJobLease } from "./release-job-lease";
import { type TWorkspacePurge, unsafePurgeWorkspace } from "./unsafe-purge-workspace";

/** The lease every hub instance competes for before purging. */
export const RETENTION_JOB = "retention";

/** Input of `runRetention` (plain data; the actor and the live-visitor check travel beside it). */
export const ZRunRetentionInput = z.object({
  /** The time policies are measured against (the hub passes its clock; tests move it forward). */
  now: z.date(),
  /** Compute everything and change nothing, not even the audit log. */
  dryRun: z.boolean().default(false),
  /**
   * Rows per step: visitors or conversations per scan, rows per delete statement or transaction.
   * On SQLite the deletes run on a connection of their own off the event loop, but each step holds
   * the write lock while it runs (a chat message that commits then waits for it), and becomes
   * durable on the next chat's flush. Measured with test/bench/purge.ts on a 2-core machine
   * (200,000 expired messages in a 1,000,000-message database, duty 0.5), chat p99 during a purge
   * against without one: at 20, 1.12× (3,821 messages deleted per second); at 5, 1.19× (959/s,
   * one step per chat flush).
   */
  batchSize: z.number().int().min(1).max(1000).default(20),
  /** Only this workspace (default: every workspace). */
  workspaceId: ZId.optional(),
  /** This run's id in the lease (default: a random UUID). */
  owner: z.string().min(1).max(200).optional(),
  /** The lease's life without renewal; renewed as the run goes, so only a crashed run lets it lapse. */
  leaseMs: z.number().int().min(1000).max(3_600_000).default(120_000),
  /**
   * Share of time the purge may spend on its steps (their statements, and their flush when no chat's
   * flush could carry them) before it rests; see `createWritePacer`. Retention is background work.
   */
  dutyCycle: z.number().gt(0).max(1).default(0.5),
  /** Fold the SQLite WAL into the file after rows were deleted (see `Store.compact`). */
  compact: z.boolean().default(true),
});

/** `ZRunRetentionInput` as callers pass it, with who runs it (default: the retention job) and who is chatting now. */
export type TRunRetentionInput = z.input<typeof ZRunRetentionInput> & {
  /** An admin's "purge now" from the console, or the scheduled job (the default). */
  actor?: TMemberActor | TSystemActor | undefined;
  isVisitorLive?: ((workspaceId: string, visitorId: string) => boolean) | undefined;
};

/** What a retention run did (or, dry, would do). */
export type TRetentionRun = {
  /** "skipped": another instance holds the lease; "lease-lost": it was taken over mid-run. */
  status: "completed" | "skipped" | "lease-lost";
  dryRun: boolean;
  owner: string;
  workspaces: TWorkspacePurge[];
  compact: TCompactResult | null;
};

const SYSTEM_RETENTION: TSystemActor = { type: "system", job: "retention" };

/**
 * Runs retention over every workspace (or one): for each, deletes what its policies say has
 * outlived them (see `unsafePurgeWorkspace` for the order: keys first, small transactions, plugin
 * deletions queued, one content-free audit event with a checkpoint before audit events go).
 * Only one hub instance purges at a time: a real run first takes the "retention" job lease and
 * answers "skipped" when another instance holds it. A dry run takes no lease and changes nothing.
 * After a run that deleted rows, the store is compacted so deleted pages leave the SQLite WAL.
 *
 * @example await runRetention(deps, { now: new Date(), dryRun: false, batchSize: 200 })
 */
export async function runRetention(deps: TLifecycleDeps, raw: TRunRetentionInput): Promise<TRetentionRun> {
  const input = parseInput(ZRunRetentionInput, raw);
  const actor = raw.actor ?? SYSTEM_RETENTION;
  const owner = input.owner ?? randomUUID();
  const workspaceIds = await listTargetWorkspaces(deps, actor, input.workspaceId);
  const run: TRetentionRun = {
    status: "completed",
    dryRun: input.dryRun,
    owner,
    workspaces: [],
    compact: null,
  };
  const lease = { job: RETENTION_JOB, owner, ttlMs: input.leaseMs };
  if (!input.dryRun && !(await acquireJobLease(deps.store, { ...lease, now: currentTime(deps) }))) {
    return { ...run, status: "skipped" };
  }
  // Renewing costs a durable write, so it happens once a third of the lease has gone by, not per batch.
  let renewedAt = Date.now();
  const keepAlive = async (): Promise<boolean> => {
    if (input.dryRun || Date.now() - renewedAt < input.leaseMs / 3) return true;
    renewedAt = Date.now();
    return acquireJobLease(deps.store, { ...lease, now: currentTime(deps) });
  };
  try {
    for (const workspaceId of workspaceIds) {
      const purge = await unsafePurgeWorkspace(deps, {
        workspaceId,
        now: input.now,
        dryRun: input.dryRun,
        batchSize: input.batchSize,
        dutyCycle: input.dutyCycle,
        actor: toAuditActor(actor.type === "member" ? actor : { ...actor, workspaceId }),
        isVisitorLive: raw.isVisitorLive,
        keepAlive,
      });
      run.workspaces.push(purge);
      if (!purge.isComplete) {
        run.status = "lease-lost";
        break;
      }
    }
    const hasDeleted = run.workspaces.some(
      (w) => w.conversationIds.length + w.visitorIds.length + w.auditEventsDeleted > 0,
    );
    if (!input.dryRun && input.compact && hasDeleted) run.compact = await deps.store.compact();
    return run;
  } finally {
    if (!input.dryRun)
      await releaseJobLease(deps.store, { job: RETENTION_JOB, owner, now: currentTime(deps) });
  }
}

/** The workspaces this actor may run retention in: all of them for the job, the admin's own for an admin. */
async function listTargetWorkspaces(
  deps: TLifecycleDeps,
  actor: TMemberActor | TSystemActor,
  only: string | undefined,
): Promise<string[]> {
  if (actor?.type === "member") {
    const workspaceId = only ?? actor.workspaceId;
    assertAuthorized(actor, "retention.run", { type: "workspace", workspaceId });
    return [workspaceId];
  }
  const ids = only ? [only] : (await deps.store.workspaces.list()).map((w) => w.id);
  for (const workspaceId of ids) {
    assertAuthorized(actor, "retention.run", { type: "workspace", workspaceId });
    if (only && (await deps.store.workspaces.get(workspaceId)) === null) {
      throw new AppError("resource.not_found", "Not found.");
    }
  }
  return ids;
}
