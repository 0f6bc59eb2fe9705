import { buildComplianceReport } from "@tawkster/core/lifecycle";
import type { Metadata } from "next";
import { formatDateTime } from "../../../../lib/console/format";
import { orNotFound, requireArea } from "../../../../lib/console/guard";
import { getConsoleSession } from "../../../../lib/console/session";
import { getHub } from "../../../../lib/runtime";
import "./compliance.css";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "Compliance report · Tawkster" };

/**
 * Admins: one printable page mapping GDPR, CCPA and HIPAA items to the workspace's live state,
 * each met or needing attention with its fix. It documents; it does not claim certification.
 */
export default async function CompliancePage() {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "audit");
  const hub = getHub();
  const report = await orNotFound(() =>
    buildComplianceReport(hub, actor, { now: hub.now(), publicUrl: hub.config.publicUrl }),
  );
  return (
    <article className="r-report">
      <div className="c-page-head">
        <h1>Compliance report</h1>
        <PrintButton />
      </div>
      <p>
        {report.workspaceName} · generated{" "}
        <time dateTime={report.generatedAt.toISOString()}>{formatDateTime(report.generatedAt)}</time> ·{" "}
        {report.summary.met} met, {report.summary.needsAttention} need attention
      </p>
      <p className="c-alert c-alert--warn r-disclaimer">
        It documents; it does not claim certification. {report.disclaimer}
      </p>
      {report.sections.map((section) => (
        <section
          key={`${section.framework}-${section.reference}`}
          className="c-section r-section"
          aria-labelledby={`r-${section.framework}-${section.reference}`.replace(/[^A-Za-z0-9-]/g, "-")}
        >
          <h2 id={`r-${section.framework}-${section.reference}`.replace(/[^A-Za-z0-9-]/g, "-")}>
            {section.framework} {section.reference} — {section.title}
          </h2>
          <ul className="r-items">
            {section.items.map((item) => (
              <li key={item.id} className="r-item" data-item-id={item.id}>
                <p className="r-item__head">
                  <span
                    className={`c-badge ${item.status === "met" ? "c-badge--verified" : "c-badge--waiting"}`}
                  >
                    {item.status === "met" ? "Met" : "Needs attention"}
                  </span>{" "}
                  <strong>{item.title}</strong>
                </p>
                <p className="r-item__state">{item.state}</p>
                {item.fix !== null && <p className="r-item__fix">Fix: {item.fix}</p>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </article>
  );
}
