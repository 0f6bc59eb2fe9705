import type { TPurgeCounts, TPurgeReport } from "../../../../lib/lifecycle/purge-report";

/** A purge's (or a preview's) outcome: counts, then the conversations and visitors by id, place and age. */
export function PurgeReportView({ report }: { report: TPurgeReport }) {
  if (report.status === "skipped") {
    return (
      <p className="c-alert c-alert--warn" role="status">
        Another hub instance is purging right now; nothing was done here. Try again in a minute.
      </p>
    );
  }
  const workspace = report.workspaces[0];
  const counts = report.totals;
  return (
    <div data-testid="purge-report">
      <p className={`c-alert ${report.dryRun ? "c-alert--warn" : "c-alert--ok"}`} role="status">
        {report.dryRun ? "Preview: the next purge would delete " : "Purged: "}
        {describeCounts(counts)}
        {report.dryRun ? ". Nothing was deleted." : "."}
        {report.status === "lease-lost" && " The purge stopped early: another instance took over."}
      </p>
      {workspace !== undefined && workspace.conversations.length > 0 && (
        <div className="c-table-wrap">
          <table className="c-table">
            <caption>Conversations {report.dryRun ? "that would be deleted" : "deleted"}</caption>
            <thead>
              <tr>
                <th scope="col">Conversation</th>
                <th scope="col">Department</th>
                <th scope="col">Site</th>
                <th scope="col">Days since last activity</th>
              </tr>
            </thead>
            <tbody>
              {workspace.conversations.map((c) => (
                <tr key={c.id} data-conversation-id={c.id}>
                  <td className="c-code">{c.id}</td>
                  <td>{c.departmentName ?? "—"}</td>
                  <td>{c.siteName ?? "—"}</td>
                  <td>{c.ageDays ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {workspace !== undefined && workspace.visitors.length > 0 && (
        <div className="c-table-wrap">
          <table className="c-table">
            <caption>Visitor profiles {report.dryRun ? "that would be deleted" : "deleted"}</caption>
            <thead>
              <tr>
                <th scope="col">Visitor</th>
                <th scope="col">Site</th>
                <th scope="col">Days since last visit</th>
              </tr>
            </thead>
            <tbody>
              {workspace.visitors.map((v) => (
                <tr key={v.id} data-visitor-id={v.id}>
                  <td className="c-code">{v.id}</td>
                  <td>{v.siteName ?? "—"}</td>
                  <td>{v.ageDays ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {workspace?.isTruncated && (
        <p className="c-muted">Only the first ones are listed; the counts are complete.</p>
      )}
    </div>
  );
}

function describeCounts(counts: TPurgeCounts): string {
  return [
    `${counts.conversations} conversation${counts.conversations === 1 ? "" : "s"}`,
    `${counts.messages} message${counts.messages === 1 ? "" : "s"}`,
    `${counts.visitors} visitor profile${counts.visitors === 1 ? "" : "s"}`,
    `${counts.auditEvents} audit event${counts.auditEvents === 1 ? "" : "s"}`,
  ].join(", ");
}
