import { resolvePolicy, type TResolvedPolicy } from "@tawkster/core/retention";
import { getPolicies, listSites } from "@tawkster/core/workspace";
import type { Metadata } from "next";
import Link from "next/link";
import { requireArea } from "../../../../lib/console/guard";
import { loadDirectory } from "../../../../lib/console/inbox";
import { getConsoleSession } from "../../../../lib/console/session";
import { getHub, getHubRuntime } from "../../../../lib/runtime";
import { RetentionPanel } from "./retention-panel";

export const metadata: Metadata = { title: "Retention · Tawkster" };

type TScopeRow = { key: string; scope: string; name: string; policy: TResolvedPolicy };

const days = (value: number | null) => (value === null ? "Kept forever" : `${value} days`);
const REDACTION: Readonly<Record<TResolvedPolicy["redaction"]["mode"], string>> = {
  off: "Off",
  "mask-before-storage": "Masked before storage",
  "mask-on-display": "Stored encrypted, masked on display",
};

/**
 * Admins: the retention periods, legal holds, IP handling and redaction in force for the workspace,
 * each department and each site (set on the Policies page, not here), a preview of what the next
 * purge would delete, and a purge on demand.
 */
export default async function RetentionPage() {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "policies");
  const hub = getHub();
  const [policies, sites, directory] = await Promise.all([
    getPolicies(hub, actor),
    listSites(hub, actor),
    loadDirectory(actor),
  ]);
  const rows: TScopeRow[] = [
    {
      key: "ws",
      scope: "Workspace",
      name: "Everything",
      policy: resolvePolicy(policies, { departmentId: null, siteId: null }),
    },
    ...directory.departments.map((d) => ({
      key: d.id,
      scope: "Department",
      name: d.name,
      policy: resolvePolicy(policies, { departmentId: d.id, siteId: null }),
    })),
    ...sites.map((s) => ({
      key: s.id,
      scope: "Site",
      name: s.name,
      policy: resolvePolicy(policies, { departmentId: null, siteId: s.id }),
    })),
  ];
  const intervalMinutes = getHubRuntime().config.retentionIntervalMinutes;

  return (
    <>
      <div className="c-page-head">
        <h1>Retention</h1>
      </div>
      <p>
        The purge runs every {intervalMinutes} minutes. It destroys each expired visitor's key first, then
        deletes the rows, asks connected plugins to delete their copies, and records the run in the audit log
        without content.
      </p>
      <section className="c-section" aria-labelledby="retention-in-force">
        <h2 id="retention-in-force">In force</h2>
        <p>
          Periods count from a conversation's last activity and a visitor's last visit. A department's or
          site's setting overrides the workspace's; a legal hold anywhere keeps everything it covers.{" "}
          <Link href="/console/settings/policies">Change them on the Policies page</Link>.
        </p>
        <div className="c-table-wrap">
          <table className="c-table">
            <caption className="c-sr-only">Retention, legal hold, IP handling and redaction by scope</caption>
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">Conversations and messages</th>
                <th scope="col">Visitor profiles</th>
                <th scope="col">Audit log</th>
                <th scope="col">Legal hold</th>
                <th scope="col">Visitor IP addresses</th>
                <th scope="col">Redaction</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">
                    {row.name} <span className="c-muted">({row.scope.toLowerCase()})</span>
                  </th>
                  <td>{days(row.policy.retention.conversationDays)}</td>
                  <td>{days(row.policy.retention.visitorDays)}</td>
                  <td>{row.scope === "Workspace" ? days(row.policy.retention.auditDays) : "—"}</td>
                  <td>{row.policy.legalHold ? "On: nothing is deleted" : "Off"}</td>
                  <td>{row.policy.ipHandling === "anonymize" ? "Anonymized" : "Not stored"}</td>
                  <td>{REDACTION[row.policy.redaction.mode]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <RetentionPanel />
    </>
  );
}
