import { isAppError } from "@tawkster/core/errors";
import { z } from "zod";
import type { TPurgeCounts, TPurgeReport } from "../../lib/lifecycle/purge-report";
import { runPurge } from "../../lib/lifecycle/run-purge";
import { openCliContext } from "../cli-context";
import { CliError } from "../cli-error";
import type { TCommand } from "../command";
import { parseOptions } from "../parse-options";

const ZPurgeOptions = z.object({
  dryRun: z.boolean().optional(),
  workspace: z.uuid("must be a workspace id").optional(),
});

/** `tawkster purge`: retention now, as the scheduled job runs it, or a dry run of it. */
export const purgeCommand: TCommand = {
  name: "purge",
  summary: "delete now what has outlived its retention period (--dry-run: only show it)",
  help: [
    "Usage: tawkster purge [--dry-run] [--workspace ID]",
    "",
    "Runs retention now, as the hub's scheduled job does: for each conversation and visitor past",
    "its period (and not under legal hold), destroys the visitor's key first, deletes the rows,",
    "asks connected plugins to delete their copies, and writes one audit event per workspace,",
    "without content. Prints what went: counts, and ids with department, site and age.",
    "Safe while the hub runs: only one hub instance or command purges at a time.",
    "",
    "  --dry-run               print what would be deleted; change nothing",
    "  --workspace ID          only this workspace (default: every workspace)",
  ].join("\n"),
  async run(argv, io) {
    const options = parseOptions(
      argv,
      { "dry-run": { type: "boolean" }, workspace: { type: "string" } },
      ZPurgeOptions,
    );
    const context = await openCliContext(io, { isSetup: false });
    try {
      const report = await runPurge(context.deps, {
        dryRun: options.dryRun === true,
        now: new Date(),
        ...(options.workspace !== undefined && { workspaceId: options.workspace }),
      }).catch((error: unknown) => {
        if (isAppError(error) && error.code === "resource.not_found") {
          throw new CliError(`no workspace has the id ${options.workspace ?? ""}`);
        }
        throw error;
      });
      for (const line of describeReport(report)) io.stdout(line);
      return 0;
    } finally {
      await context.close();
    }
  },
};

/** The report as the operator reads it: a headline, then each workspace's counts and rows. */
export function describeReport(report: TPurgeReport): string[] {
  if (report.status === "skipped") {
    return ["Another hub instance is purging right now; nothing was done here. It will finish the job."];
  }
  const lines = [
    report.dryRun
      ? `Dry run as of ${report.at}: this is what a purge would delete now. Nothing was changed.`
      : `Purge as of ${report.at}${report.status === "lease-lost" ? " stopped early (another instance took over)" : " completed"}.`,
  ];
  for (const workspace of report.workspaces) {
    lines.push(
      "",
      `Workspace "${workspace.workspaceName}" (${workspace.workspaceId}): ${describeCounts(workspace.counts)}`,
    );
    for (const c of workspace.conversations) {
      lines.push(
        `  conversation ${c.id}  ${c.departmentName ?? "?"} · ${c.siteName ?? "?"} · ${describeAge(c.ageDays, "since last activity")}`,
      );
    }
    for (const v of workspace.visitors) {
      lines.push(
        `  visitor      ${v.id}  ${v.siteName ?? "?"} · ${describeAge(v.ageDays, "since last seen")}`,
      );
    }
    if (workspace.isTruncated) lines.push("  … and more (the counts above are complete)");
  }
  lines.push("", `${report.dryRun ? "Would delete" : "Deleted"} in total: ${describeCounts(report.totals)}`);
  return lines;
}

function describeCounts(counts: TPurgeCounts): string {
  return [
    `${counts.conversations} conversation(s)`,
    `${counts.visitors} visitor(s)`,
    `${counts.messages} message(s)`,
    `${counts.auditEvents} audit event(s)`,
    `${counts.keysDestroyed} key(s) destroyed`,
    `${counts.outboxQueued} plugin deletion(s) queued`,
  ].join(", ");
}

function describeAge(days: number | null, what: string): string {
  return days === null ? "age unknown" : `${days} day(s) ${what}`;
}
