import type { Metadata } from "next";
import { requirePrivacyAccess } from "../../../../lib/console/require-privacy-access";
import { getConsoleSession } from "../../../../lib/console/session";
import "../privacy.css";
import { ErasurePanel } from "./erasure-panel";

export const metadata: Metadata = { title: "Erase a visitor · Tawkster" };

/** Admins: the right to be forgotten — find, preview, confirm, erase, then the receipt. */
export default async function ErasePage() {
  const { actor } = await getConsoleSession();
  await requirePrivacyAccess(actor);
  return (
    <>
      <div className="c-page-head">
        <h1>Erase a visitor</h1>
      </div>
      <p>
        Erasing destroys the visitor's key first — from that moment nothing of theirs can be read, backups
        included — then deletes their conversations, messages and profile, and asks connected plugins to
        delete their copies. It cannot be undone. The receipt records ids, counts and times, never content or
        the email.
      </p>
      <ErasurePanel />
    </>
  );
}
