import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { isAppError } from "@tawkster/core/errors";
import {
  exportVisitor,
  findVisitors,
  renderVisitorExportHtml,
  type TVisitorExport,
} from "@tawkster/core/lifecycle";
import { z } from "zod";
import { openCliContext, resolveActingAdmin } from "../cli-context";
import { CliError } from "../cli-error";
import { AS_FLAG_HELP, type TCommand, ZAsFlag } from "../command";
import { parseOptions } from "../parse-options";
import { ONE_VISITOR_TARGET, VISITOR_TARGET_FLAGS, ZVisitorTarget } from "../visitor-target";

const ZExportOptions = ZVisitorTarget.extend({
  format: z.enum(["json", "html"], { error: "must be json or html" }).optional(),
  out: z.string().min(1).max(4096).optional(),
  as: ZAsFlag,
}).refine(...ONE_VISITOR_TARGET);

/** `tawkster export`: the right of access and portability, from the shell. */
export const exportCommand: TCommand = {
  name: "export",
  summary: "export everything held about a visitor as JSON or a readable HTML page",
  help: [
    "Usage: tawkster export (--visitor ID | --email EMAIL) [--format json|html] [--out FILE] [--as EMAIL]",
    "",
    "Exports everything held about one visitor: profile, consent, every conversation with every",
    "message (decrypted), the agents who replied (names only) and the audit events about them.",
    "JSON (format tawkster.visitor-export, version 1) is for machines; HTML is a standalone page",
    "that runs no script. Audited. The file is personal data: hand it only to the person it is about.",
    "",
    "  --visitor ID            the visitor's id",
    "  --email EMAIL           their email, when exactly one visitor uses it",
    "  --format FORMAT         json (default) or html",
    "  --out FILE              write to a new file (mode 0600; relative to the repository root)",
    AS_FLAG_HELP,
  ].join("\n"),
  async run(argv, io) {
    const options = parseOptions(
      argv,
      {
        ...VISITOR_TARGET_FLAGS,
        format: { type: "string" },
        out: { type: "string" },
        as: { type: "string" },
      },
      ZExportOptions,
    );
    const context = await openCliContext(io, { isSetup: false });
    try {
      const admin = await resolveActingAdmin(context.store, options.as);
      const visitorId = options.visitor ?? (await findOnlyVisitor(context.deps, admin, options.email ?? ""));
      const document = await exportVisitor(context.deps, admin, { visitorId }).catch((error: unknown) => {
        if (isAppError(error) && error.code === "resource.not_found")
          throw new CliError(`no visitor has the id ${visitorId}`);
        if (isAppError(error) && error.code === "resource.gone")
          throw new CliError(`visitor ${visitorId} was erased`);
        throw error;
      });
      const text =
        options.format === "html"
          ? renderVisitorExportHtml(document)
          : `${JSON.stringify(document, null, 2)}\n`;
      if (options.out === undefined) {
        io.stdout(text.trimEnd());
        return 0;
      }
      // Relative to the repository root, like every path the CLI reads (TAWKSTER_DATA_DIR).
      const path = resolve(io.cwd, options.out);
      writeNewFile(path, text);
      io.stdout(`Exported ${describeDocument(document)} of visitor ${visitorId} to ${path}.`);
      return 0;
    } finally {
      await context.close();
    }
  },
};

async function findOnlyVisitor(
  deps: Parameters<typeof findVisitors>[0],
  admin: Parameters<typeof findVisitors>[1],
  email: string,
): Promise<string> {
  // Audited as a lookup for an export (an access request), not as the start of an erasure.
  const { visitors } = await findVisitors(deps, admin, { email }, { purpose: "export" });
  const [only, ...others] = visitors;
  if (only === undefined) throw new CliError("no visitor uses that email");
  if (others.length > 0) {
    throw new CliError(
      `${visitors.length} visitors use that email (${visitors.map((v) => v.visitorId).join(", ")}); choose one with --visitor`,
    );
  }
  return only.visitorId;
}

/** Writes a file that did not exist, readable by its owner only (it holds decrypted personal data). */
function writeNewFile(path: string, text: string): void {
  try {
    writeFileSync(path, text, { flag: "wx", mode: 0o600 });
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    throw new CliError(
      code === "EEXIST"
        ? `${path} already exists; choose another --out`
        : `cannot write ${path} (${code || "error"})`,
    );
  }
}

function describeDocument(document: TVisitorExport): string {
  const messages = document.conversations.reduce((sum, c) => sum + c.messages.length, 0);
  return `${document.conversations.length} conversation(s) and ${messages} message(s)`;
}
