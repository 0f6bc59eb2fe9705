import type { TSite } from "@tawkster/core/schemas";
import { listSites } from "@tawkster/core/workspace";
import type { Metadata } from "next";
import { buildEmbedSnippet } from "../../../../api/routes/embed-snippet";
import { ActionForm } from "../../../../components/console/action-form";
import { ConfirmAction } from "../../../../components/console/confirm-action";
import { CopyButton } from "../../../../components/console/copy-button";
import { hubOriginsOf } from "../../../../lib/auth/hub-origin";
import { requireArea } from "../../../../lib/console/guard";
import { loadDirectory } from "../../../../lib/console/inbox";
import { getConsoleSession } from "../../../../lib/console/session";
import {
  addSiteAction,
  revealSiteSecretAction,
  rotateSiteSecretAction,
  updateSiteDomainsAction,
} from "../../../../lib/console/settings-actions";
import { getHub } from "../../../../lib/runtime";

export const metadata: Metadata = { title: "Sites · Tawkster" };

/** Admins: widget installations, their allowed domains, embed snippets and identity secrets. */
export default async function SitesPage() {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "sites");
  const hub = getHub();
  const [sites, directory] = await Promise.all([listSites(hub, actor), loadDirectory(actor)]);
  const hubUrl = hub.config.publicUrl ?? hubOriginsOf(hub.config)[0] ?? "";
  return (
    <>
      <div className="c-page-head">
        <h1>Sites</h1>
      </div>
      <section className="c-section" aria-labelledby="add-site-heading">
        <h2 id="add-site-heading">Add a site</h2>
        <ActionForm action={addSiteAction} submitLabel="Add site">
          <div className="c-field">
            <label htmlFor="site-name">Name</label>
            <input id="site-name" name="name" type="text" required maxLength={120} />
          </div>
          <div className="c-field">
            <label htmlFor="site-domains">Allowed domains</label>
            <textarea
              id="site-domains"
              name="allowedDomains"
              rows={3}
              aria-describedby="site-domains-hint"
              required
            />
            <span id="site-domains-hint" className="c-field__hint">
              One per line: shop.example.com, *.example.com (subdomains), or http://localhost:3001.
            </span>
          </div>
          <div className="c-field">
            <label htmlFor="site-department">Default department</label>
            <select id="site-department" name="defaultDepartmentId" defaultValue="">
              <option value="">The oldest department</option>
              {directory.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        </ActionForm>
      </section>
      <section className="c-section" aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        {sites.length === 0 ? (
          <p className="c-empty">No sites yet.</p>
        ) : (
          sites.map((site) => (
            <SiteCard
              key={site.id}
              site={site}
              snippet={buildEmbedSnippet(hubUrl, site.siteKey)}
              departmentName={
                site.defaultDepartmentId === null ? null : directory.departmentName(site.defaultDepartmentId)
              }
            />
          ))
        )}
      </section>
    </>
  );
}

function SiteCard({
  site,
  snippet,
  departmentName,
}: {
  site: TSite;
  snippet: string;
  departmentName: string | null;
}) {
  const headingId = `site-${site.id}`;
  return (
    <article className="c-card c-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{site.name}</h3>
      <dl className="c-dl">
        <dt>Site key</dt>
        <dd className="c-code">{site.siteKey}</dd>
        <dt>Default department</dt>
        <dd>{departmentName ?? "The oldest department"}</dd>
        <dt>Consent</dt>
        <dd>{site.consentMode}</dd>
      </dl>
      <h4>Embed snippet</h4>
      <pre className="c-pre">
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} label={`Copy the snippet of ${site.name}`} />
      <h4>Allowed domains</h4>
      <ActionForm
        action={updateSiteDomainsAction}
        submitLabel="Save domains"
        submitClassName="c-button"
        label={`Allowed domains of ${site.name}`}
      >
        <input type="hidden" name="siteId" value={site.id} />
        <div className="c-field">
          <label htmlFor={`domains-${site.id}`}>Domains of {site.name}, one per line</label>
          <textarea
            id={`domains-${site.id}`}
            name="allowedDomains"
            rows={3}
            defaultValue={site.allowedDomains.join("\n")}
          />
        </div>
      </ActionForm>
      <h4>Identity-verification secret</h4>
      <p className="c-field__hint">
        Your server signs a signed-in customer's email with it, so agents see them as verified. Revealing it
        is recorded in the audit log.
      </p>
      <div className="c-form--inline">
        <ConfirmAction
          action={revealSiteSecretAction}
          fields={{ siteId: site.id }}
          label={`Reveal the secret of ${site.name}…`}
          question="Show the secret on screen? The reveal is recorded in the audit log."
          confirmLabel="Reveal"
        />
        <ConfirmAction
          action={rotateSiteSecretAction}
          fields={{ siteId: site.id }}
          label={`Rotate the secret of ${site.name}…`}
          question="Rotate the secret? Identity hashes made with the current one stop verifying at once."
          confirmLabel="Rotate"
          isDanger
        />
      </div>
    </article>
  );
}
