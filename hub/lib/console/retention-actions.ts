"use server";
import { type TPurgeReport, ZPurgeReport } from "../lifecycle/purge-report";
import { runPurge } from "../lifecycle/run-purge";
import { getHub } from "../runtime";
import { type TActionResult, toActionResult } from "./errors";
import { getActionSession } from "./session";

// The retention page's actions (admins): what the next purge would delete, and purging now.
// Neither takes input; core authorizes (retention.run), takes the job lease and audits the run.

/** Dry run: the conversations and visitors the next purge would delete. Changes nothing. */
export async function previewPurgeAction(): Promise<TActionResult<TPurgeReport>> {
  return toActionResult(async () => {
    const { actor } = await getActionSession();
    const hub = getHub();
    return ZPurgeReport.parse(await runPurge(hub, { actor, dryRun: true, now: hub.now() }));
  });
}

/** Purges now, as the scheduled job would. */
export async function runPurgeAction(): Promise<TActionResult<TPurgeReport>> {
  return toActionResult(async () => {
    const { actor } = await getActionSession();
    const hub = getHub();
    return ZPurgeReport.parse(await runPurge(hub, { actor, dryRun: false, now: hub.now() }));
  });
}
