import { verifyAuditLog } from "@tawkster/core/workspace";
import { z } from "zod";
import { openCliContext, resolveActingAdmin } from "../cli-context";
import { AS_FLAG_HELP, type TCommand, ZAsFlag } from "../command";
import { parseOptions } from "../parse-options";

/** `tawkster audit verify`: checks the workspace's hash-chained audit log end to end. */
export const auditVerifyCommand: TCommand = {
  name: "audit verify",
  summary: "check the audit log's hash chain; exit 1 naming the first bad event",
  help: [
    "Usage: tawkster audit verify [--as EMAIL]",
    "",
    "Recomputes every audit event's hash and link. Exit 0 with the number of events when the chain",
    "is intact; exit 1 naming the seq of the first event that was edited, removed or reordered.",
    "",
    AS_FLAG_HELP,
  ].join("\n"),
  async run(argv, io) {
    const options = parseOptions(argv, { as: { type: "string" } }, z.object({ as: ZAsFlag }));
    const context = await openCliContext(io, { isSetup: false });
    try {
      const admin = await resolveActingAdmin(context.store, options.as);
      const result = await verifyAuditLog(context.deps, admin);
      if (!result.ok) {
        io.stderr(
          `tawkster audit verify: audit chain broken at seq ${result.seq}: ${describeProblem(result.problem)}`,
        );
        return 1;
      }
      const from = result.firstSeq !== null && result.firstSeq > 1 ? ` (from seq ${result.firstSeq})` : "";
      io.stdout(`audit chain verified: ${result.count} events${from}`);
      return 0;
    } finally {
      await context.close();
    }
  },
};

function describeProblem(problem: "tampered" | "missing" | "reordered" | "broken-link"): string {
  switch (problem) {
    case "tampered":
      return "the event was changed after it was written";
    case "missing":
      return "the event is missing";
    case "reordered":
      return "events are out of order";
    case "broken-link":
      return "the event does not link to the one before it";
  }
}
