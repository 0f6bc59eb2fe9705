import { DEFAULT_POLICY, resolvePolicy } from "@tawkster/core/retention";
import type { TPolicy, TPolicyScope } from "@tawkster/core/schemas";
import { getPolicies, listSites } from "@tawkster/core/workspace";
import type { Metadata } from "next";
import Link from "next/link";
import { PolicyForm } from "../../../../components/console/policy-form";
import { requireArea } from "../../../../lib/console/guard";
import { loadDirectory } from "../../../../lib/console/inbox";
import { getConsoleSession } from "../../../../lib/console/session";
import { getHub } from "../../../../lib/runtime";

export const metadata: Metadata = { title: "Policies · Tawkster" };

function own(policies: readonly TPolicy[], scope: TPolicyScope) {
  return (
    policies.find(
      (p) =>
        p.scope.type === scope.type &&
        (scope.type === "workspace" || ("id" in p.scope && p.scope.id === scope.id)),
    )?.settings ?? {}
  );
}

/**
 * Admins: the policy of the workspace, of each department and of each site. A department's or
 * site's form shows what it inherits from the workspace (the most specific scope wins; legal hold
 * anywhere wins).
 */
export default async function PoliciesPage() {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "policies");
  const hub = getHub();
  const [policies, sites, directory] = await Promise.all([
    getPolicies(hub, actor),
    listSites(hub, actor),
    loadDirectory(actor),
  ]);
  const workspaceLayer = policies.filter((p) => p.scope.type === "workspace");
  const fromWorkspace = resolvePolicy(workspaceLayer, { departmentId: null, siteId: null });

  return (
    <>
      <div className="c-page-head">
        <h1>Policies</h1>
      </div>
      <p>
        Each department or site may override the workspace's settings; the most specific one wins, except a
        legal hold, which applies wherever it is set.
      </p>
      <p>
        <Link href="/console/settings/retention">Retention</Link> shows the periods in force everywhere and
        previews what the next purge would delete (or runs it now).
      </p>
      <section className="c-section" aria-labelledby="policy-workspace">
        <h2 id="policy-workspace">Workspace</h2>
        <PolicyForm
          scope={{ type: "workspace" }}
          settings={own(policies, { type: "workspace" })}
          inherited={DEFAULT_POLICY}
          scopeName="workspace"
          inheritedFrom="Built-in default"
        />
      </section>
      <section className="c-section" aria-labelledby="policy-departments">
        <h2 id="policy-departments">Departments</h2>
        {directory.departments.map((d) => (
          <details key={d.id} className="c-details c-card">
            <summary>{d.name}</summary>
            <PolicyForm
              scope={{ type: "department", id: d.id }}
              settings={own(policies, { type: "department", id: d.id })}
              inherited={fromWorkspace}
              scopeName={d.name}
              inheritedFrom="From the workspace"
            />
          </details>
        ))}
      </section>
      <section className="c-section" aria-labelledby="policy-sites">
        <h2 id="policy-sites">Sites</h2>
        {sites.length === 0 && <p className="c-muted">No sites yet.</p>}
        {sites.map((s) => (
          <details key={s.id} className="c-details c-card">
            <summary>{s.name}</summary>
            <PolicyForm
              scope={{ type: "site", id: s.id }}
              settings={own(policies, { type: "site", id: s.id })}
              inherited={fromWorkspace}
              scopeName={s.name}
              inheritedFrom="From the workspace"
            />
          </details>
        ))}
      </section>
    </>
  );
}
