import type { Metadata } from "next";
import { requirePrivacyAccess } from "../../../../lib/console/require-privacy-access";
import { getConsoleSession } from "../../../../lib/console/session";
import "../privacy.css";
import { ExportPanel } from "./export-panel";

export const metadata: Metadata = { title: "Export a visitor's data · Tawkster" };

/** Admins: the right of access and portability — find a visitor, export with progress, download. */
export default async function ExportPage() {
  const { actor } = await getConsoleSession();
  await requirePrivacyAccess(actor);
  return (
    <>
      <div className="c-page-head">
        <h1>Export a visitor's data</h1>
      </div>
      <p>
        The export holds everything kept about one visitor: profile, consent, every conversation with every
        message, the agents who replied (by name) and the record of actions about them. It is personal data:
        give it only to the person it is about. Downloads stay available for 10 minutes.
      </p>
      <ExportPanel />
    </>
  );
}
