import { ZAllowedDomain, ZDisplayName } from "@tawkster/core/schemas";
import { addSite } from "@tawkster/core/workspace";
import { z } from "zod";
import { buildEmbedSnippet } from "../../api/routes/embed-snippet";
import { resolveHubBaseUrl } from "../../lib/hub-context";
import { openCliContext, resolveActingAdmin } from "../cli-context";
import { AS_FLAG_HELP, repeatedFlag, requiredFlag, type TCommand, ZAsFlag } from "../command";
import { findDepartmentIds } from "../find-departments";
import { parseOptions } from "../parse-options";

const ZSiteAddOptions = z.object({
  name: requiredFlag(ZDisplayName),
  domain: repeatedFlag(ZAllowedDomain),
  department: z.string().optional(),
  as: ZAsFlag,
});

/** `tawkster site add`: a widget installation, with its key, embed snippet and identity secret. */
export const siteAddCommand: TCommand = {
  name: "site add",
  summary: "add a website for the widget; prints its key, embed snippet and identity secret",
  help: [
    "Usage: tawkster site add --name NAME --domain DOMAIN [--domain DOMAIN…] [--department NAME] [--as EMAIL]",
    "",
    "Adds a site. The widget runs only on pages of its domains: an exact host (shop.example.com), a",
    "wildcard for subdomains (*.example.com), optionally with scheme and port (http://localhost:3001).",
    "Prints the public site key, the snippet to paste into the site's pages, and the identity secret",
    "the site's backend signs visitor identities with (keep it on the server, never in a page).",
    "",
    "  --name NAME             the site's name, as agents see it",
    "  --domain DOMAIN         an allowed domain (repeat for several)",
    "  --department NAME       where its chats go by default",
    AS_FLAG_HELP,
  ].join("\n"),
  async run(argv, io) {
    const options = parseOptions(
      argv,
      {
        name: { type: "string" },
        domain: { type: "string", multiple: true },
        department: { type: "string" },
        as: { type: "string" },
      },
      ZSiteAddOptions,
    );
    const context = await openCliContext(io, { isSetup: false });
    try {
      const admin = await resolveActingAdmin(context.store, options.as);
      const scope = context.store.scoped(admin.workspaceId);
      const [defaultDepartmentId = null] =
        options.department === undefined ? [] : await findDepartmentIds(scope, [options.department]);
      const { site, identitySecret } = await addSite(context.deps, admin, {
        name: options.name,
        allowedDomains: options.domain,
        defaultDepartmentId,
      });
      const hubUrl = resolveHubBaseUrl(context.config);
      io.stdout(`Site "${site.name}" added for ${site.allowedDomains.join(", ")}.`);
      io.stdout(`Site key:        ${site.siteKey}`);
      io.stdout(`Embed snippet:   ${buildEmbedSnippet(hubUrl, site.siteKey)}`);
      io.stdout(`Identity secret: ${identitySecret}`);
      io.stdout("Keep the identity secret on your server; it signs verified visitor identities.");
      return 0;
    } finally {
      await context.close();
    }
  },
};
