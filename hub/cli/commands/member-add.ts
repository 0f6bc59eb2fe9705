import { ZDisplayName, ZEmail, ZRole } from "@tawkster/core/schemas";
import { addMember } from "@tawkster/core/workspace";
import { z } from "zod";
import { openCliContext, resolveActingAdmin } from "../cli-context";
import { AS_FLAG_HELP, requiredFlag, type TCommand, ZAsFlag } from "../command";
import { findDepartmentIds } from "../find-departments";
import { parseOptions } from "../parse-options";

const ZMemberAddOptions = z.object({
  email: requiredFlag(z.string().trim().toLowerCase().pipe(ZEmail)),
  name: requiredFlag(ZDisplayName),
  role: requiredFlag(z.enum(ZRole.options, { error: "must be agent, manager or admin" })),
  department: z.array(z.string()).optional(),
  as: ZAsFlag,
});

/** `tawkster member add`: invites an agent, manager or admin (no password until one is set). */
export const memberAddCommand: TCommand = {
  name: "member add",
  summary: "invite a member (agent, manager or admin) to departments",
  help: [
    "Usage: tawkster member add --email EMAIL --name NAME --role agent|manager|admin [--department NAME…] [--as EMAIL]",
    "",
    "Invites a member. They have no password and can do nothing until one is set, with",
    "`tawkster member set-password --email EMAIL --password-stdin`.",
    "",
    "  --email EMAIL           their sign-in email",
    "  --name NAME             their display name (visitors see it on replies)",
    "  --role ROLE             agent, manager or admin",
    "  --department NAME       a department they work in (repeat for several)",
    AS_FLAG_HELP,
  ].join("\n"),
  async run(argv, io) {
    const options = parseOptions(
      argv,
      {
        email: { type: "string" },
        name: { type: "string" },
        role: { type: "string" },
        department: { type: "string", multiple: true },
        as: { type: "string" },
      },
      ZMemberAddOptions,
    );
    const context = await openCliContext(io, { isSetup: false });
    try {
      const admin = await resolveActingAdmin(context.store, options.as);
      const scope = context.store.scoped(admin.workspaceId);
      const departmentIds = await findDepartmentIds(scope, options.department ?? []);
      const member = await addMember(context.deps, admin, {
        email: options.email,
        name: options.name,
        role: options.role,
        departmentIds,
        passwordHash: null,
      });
      const departments = (options.department ?? []).map((d) => d.trim()).join(", ") || "no department";
      io.stdout(`Invited ${member.name} <${member.email}> as ${member.role} (${departments}).`);
      io.stdout(`Member id: ${member.id}`);
      io.stdout("They have no password yet and cannot sign in until one is set:");
      io.stdout(`  tawkster member set-password --email ${member.email} --password-stdin`);
      return 0;
    } finally {
      await context.close();
    }
  },
};
