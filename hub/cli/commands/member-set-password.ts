import { checkNewPassword, hashPassword } from "@tawkster/core/auth";
import { ZEmail } from "@tawkster/core/schemas";
import { z } from "zod";
import { openCliContext, resolveActingAdmin } from "../cli-context";
import { CliError } from "../cli-error";
import { AS_FLAG_HELP, requiredFlag, type TCommand, ZAsFlag } from "../command";
import { parseOptions } from "../parse-options";
import { readPassword } from "../read-password";

const ZSetPasswordOptions = z.object({
  email: requiredFlag(z.string().trim().toLowerCase().pipe(ZEmail)),
  passwordStdin: z.literal(true, { error: "is required (the password is read from stdin only)" }),
  as: ZAsFlag,
});

/**
 * `tawkster member set-password`: sets a member's password (an invited member becomes active).
 * Every session they had is revoked, so a password set because of a compromise locks the old
 * holder out; live connections notice at their next session check (within a minute).
 */
export const memberSetPasswordCommand: TCommand = {
  name: "member set-password",
  summary: "set a member's password from stdin (activates an invited member)",
  help: [
    "Usage: tawkster member set-password --email EMAIL --password-stdin [--as EMAIL]",
    "",
    "Sets the member's password, read from stdin (piped, or typed without echo). An invited member",
    "becomes active; a deactivated one stays deactivated. Their existing sessions are signed out.",
    "",
    "  --email EMAIL           the member's sign-in email",
    "  --password-stdin        read the new password from stdin (required)",
    AS_FLAG_HELP,
  ].join("\n"),
  async run(argv, io) {
    const options = parseOptions(
      argv,
      { email: { type: "string" }, "password-stdin": { type: "boolean" }, as: { type: "string" } },
      ZSetPasswordOptions,
    );
    const context = await openCliContext(io, { isSetup: false });
    try {
      const admin = await resolveActingAdmin(context.store, options.as);
      const scope = context.store.scoped(admin.workspaceId);
      const member = await scope.members.findByEmail(options.email);
      if (member === null) throw new CliError(`no member has the email ${options.email}`);
      const password = await readPassword(io.stdin, (text) => process.stderr.write(text));
      await checkNewPassword(password, { email: member.email, name: member.name });
      const passwordHash = await hashPassword(password);
      const isActivated = member.status === "invited";
      await scope.members.update(member.id, {
        passwordHash,
        ...(isActivated && { status: "active" as const }),
      });
      const now = new Date();
      const revoked = await scope.sessions.revokeAllOfMember(member.id, now);
      await scope.audit.append(
        {
          actor: { type: "member", id: admin.memberId },
          action: "member.password.set",
          resource: { type: "member", id: member.id },
          outcome: "success",
          details: { via: "cli", activated: isActivated, revokedSessions: revoked.length },
        },
        now,
      );
      io.stdout(
        `Password set for ${member.name} <${member.email}>${isActivated ? "; they are now active" : ""}.`,
      );
      if (member.status === "deactivated") io.stdout("They are deactivated and still cannot sign in.");
      if (revoked.length > 0) io.stdout(`Signed out ${revoked.length} session(s) of theirs.`);
      return 0;
    } finally {
      await context.close();
    }
  },
};
