import { runRetention, type TLifecycleDeps } from "@tawkster/core/lifecycle";
import type { TMemberActor, TSystemActor } from "@tawkster/core/rbac";
import { describePurge, indexPurgeDetails } from "./describe-purge";
import type { TPurgeReport } from "./purge-report";

/** Options of `runPurge`. */
export type TRunPurgeOptions = {
  /** An admin (their workspace) or, by default, the retention job (every workspace, or `workspaceId`). */
  actor?: TMemberActor | TSystemActor;
  dryRun: boolean;
  workspaceId?: string;
  now: Date;
};

/**
 * Runs retention through core (which authorizes, takes the job lease and audits) and describes
 * the result. A real run is preceded by a dry run, so that what went can still be described by
 * department, site and age once its rows are gone; the dry run changes nothing.
 *
 * @example const report = await runPurge(deps, { actor: admin, dryRun: true, now: new Date() })
 */
export async function runPurge(deps: TLifecycleDeps, options: TRunPurgeOptions): Promise<TPurgeReport> {
  const base = {
    now: options.now,
    actor: options.actor,
    ...(options.workspaceId !== undefined && { workspaceId: options.workspaceId }),
  };
  const preview = await describePurge(deps.store, await runRetention(deps, { ...base, dryRun: true }), {
    now: options.now,
  });
  if (options.dryRun) return preview;
  const run = await runRetention(deps, { ...base, dryRun: false });
  return describePurge(deps.store, run, { now: options.now, known: indexPurgeDetails(preview) });
}
