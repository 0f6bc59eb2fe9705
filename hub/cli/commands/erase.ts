import {
  eraseVisitors,
  findVisitorsForErasure,
  type TErasureCandidate,
  type TFindVisitorsForErasureInput,
} from "@tawkster/core/lifecycle";
import { z } from "zod";
import { openCliContext, resolveActingAdmin } from "../cli-context";
import { CliError } from "../cli-error";
import { AS_FLAG_HELP, type TCommand, ZAsFlag } from "../command";
import { parseOptions } from "../parse-options";
import { readConfirmation } from "../read-confirmation";
import { ONE_VISITOR_TARGET, VISITOR_TARGET_FLAGS, ZVisitorTarget } from "../visitor-target";

const ZEraseOptions = ZVisitorTarget.extend({
  yes: z.boolean().optional(),
  includeUnverified: z.boolean().optional(),
  as: ZAsFlag,
}).refine(...ONE_VISITOR_TARGET);

/** `tawkster erase`: the right to be forgotten, from the shell. */
export const eraseCommand: TCommand = {
  name: "erase",
  summary: "erase a visitor for good (right to be forgotten), by email or visitor id",
  help: [
    "Usage: tawkster erase (--email EMAIL | --visitor ID) [--include-unverified] [--yes] [--as EMAIL]",
    "",
    "Finds the visitors with this email (through its keyed index: verified by the website, or only",
    "claimed in the chat) or this visitor id, prints what erasing them removes, and after you type",
    "yes (or at once with --yes) erases them: each visitor's key is destroyed first, so nothing of",
    "theirs can be read from that instant, backups included; then their conversations, messages",
    "and profile are deleted and connected plugins are asked to delete their copies. Prints the",
    "receipt: ids, counts and times, never content. Audited.",
    "",
    "  --email EMAIL           the person's email address",
    "  --visitor ID            one visitor id",
    "  --include-unverified    also erase visitors who only claimed the email (it may be someone",
    "                          else's); by default they are listed and kept",
    "  --yes                   do not ask for confirmation",
    AS_FLAG_HELP,
  ].join("\n"),
  async run(argv, io) {
    const options = parseOptions(
      argv,
      {
        ...VISITOR_TARGET_FLAGS,
        yes: { type: "boolean" },
        "include-unverified": { type: "boolean" },
        as: { type: "string" },
      },
      ZEraseOptions,
    );
    const lookup: TFindVisitorsForErasureInput =
      options.visitor !== undefined ? { visitorId: options.visitor } : { email: options.email ?? "" };
    const context = await openCliContext(io, { isSetup: false });
    try {
      const admin = await resolveActingAdmin(context.store, options.as);
      const { visitors } = await findVisitorsForErasure(context.deps, admin, lookup);
      if (visitors.length === 0) throw new CliError("no visitor matches");
      const chosen = visitors.filter(
        (v) => v.match !== "email-unverified" || options.includeUnverified === true,
      );
      io.stdout(`${visitors.length} visitor(s) match:`);
      for (const visitor of visitors) io.stdout(describeCandidate(visitor, chosen.includes(visitor)));
      if (chosen.length === 0) {
        throw new CliError("every match only claimed that email; pass --include-unverified to erase them");
      }
      const isConfirmed =
        options.yes === true ||
        (await readConfirmation(io.stdin, `Erase ${chosen.length} visitor(s) for good?`, (text) =>
          io.stderr(text),
        ));
      if (!isConfirmed) throw new CliError("not confirmed; nothing was erased (answer yes, or pass --yes)");
      const receipt = await eraseVisitors(context.deps, admin, {
        visitorIds: chosen.map((v) => v.visitorId),
        source: "cli",
      });
      const { counts } = receipt;
      io.stdout(
        `Erased ${counts.visitors} visitor(s): ${counts.conversations} conversation(s), ${counts.messages} message(s); ` +
          `${counts.keysDestroyed} key(s) destroyed; ${counts.outboxQueued} plugin deletion(s) queued.`,
      );
      io.stdout(`Receipt: ${receipt.id} (unreadable at ${receipt.unreadableAt.toISOString()})`);
      return 0;
    } finally {
      await context.close();
    }
  },
};

function describeCandidate(visitor: TErasureCandidate, isChosen: boolean): string {
  const match =
    visitor.match === "email-unverified"
      ? "claimed (unverified)"
      : visitor.match === "email-verified"
        ? "verified"
        : "by id";
  const copies =
    visitor.installations.length === 0
      ? ""
      : `; copies in ${visitor.installations.map((i) => `${i.platform} "${i.name}"`).join(", ")}`;
  return (
    `  ${isChosen ? "erase" : "keep "}  ${visitor.visitorId}  ${visitor.siteName ?? "?"} · ${match} · ` +
    `${visitor.conversationCount} conversation(s), ${visitor.messageCount} message(s), ` +
    `last seen ${visitor.lastSeenAt.toISOString()}${copies}`
  );
}
