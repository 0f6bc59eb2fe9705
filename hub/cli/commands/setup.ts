import { checkNewPassword, hashPassword } from "@tawkster/core/auth";
import { readSetupPassword } from "@tawkster/core/config";
import { ZDisplayName, ZEmail } from "@tawkster/core/schemas";
import { setupWorkspace } from "@tawkster/core/workspace";
import { z } from "zod";
import { resolveHubBaseUrl } from "../../lib/hub-context";
import { openCliContext } from "../cli-context";
import { CliError } from "../cli-error";
import { requiredFlag, type TCommand } from "../command";
import { parseOptions } from "../parse-options";
import { readPassword } from "../read-password";

const ZSetupOptions = z.object({
  workspace: requiredFlag(ZDisplayName),
  name: requiredFlag(ZDisplayName),
  email: requiredFlag(z.string().trim().toLowerCase().pipe(ZEmail)),
  passwordStdin: z.boolean().optional(),
});

/** `tawkster setup`: first-run setup of the workspace and its first admin. */
export const setupCommand: TCommand = {
  name: "setup",
  summary: "create the workspace and its first admin (once)",
  help: [
    "Usage: tawkster setup --workspace NAME --name NAME --email EMAIL [--password-stdin]",
    "",
    "Creates the workspace, its General department and the first admin, who can sign in at once.",
    "The password comes from stdin with --password-stdin (piped, or typed without echo), else from",
    "the TAWKSTER_SETUP_PASSWORD variable; never from a flag, which would land in shell history.",
    "Refused once a workspace exists.",
    "",
    "  --workspace NAME        the business's name",
    "  --name NAME             the admin's display name",
    "  --email EMAIL           the admin's sign-in email",
    "  --password-stdin        read the admin's password from stdin",
  ].join("\n"),
  async run(argv, io) {
    const options = parseOptions(
      argv,
      {
        workspace: { type: "string" },
        name: { type: "string" },
        email: { type: "string" },
        "password-stdin": { type: "boolean" },
      },
      ZSetupOptions,
    );
    const password = options.passwordStdin
      ? await readPassword(io.stdin, (text) => process.stderr.write(text))
      : readSetupPassword(io.env);
    if (password === null) {
      throw new CliError("no password: pipe it in with --password-stdin, or set TAWKSTER_SETUP_PASSWORD");
    }
    // Checked before anything is created, so a weak password leaves no half-made installation.
    await checkNewPassword(password, { email: options.email, name: options.name });
    const passwordHash = await hashPassword(password);
    const context = await openCliContext(io, { isSetup: true });
    try {
      const setup = await setupWorkspace(context.deps, {
        workspaceName: options.workspace,
        admin: { email: options.email, name: options.name, passwordHash },
      });
      io.stdout(`Workspace "${setup.workspace.name}" is set up.`);
      io.stdout(`Admin:      ${setup.admin.name} <${setup.admin.email}>`);
      io.stdout(`Department: ${setup.department.name}`);
      io.stdout(`Sign in at ${resolveHubBaseUrl(context.config)}`);
      return 0;
    } finally {
      await context.close();
    }
  },
};
