import type { Metadata } from "next";
import Link from "next/link";
import { requirePrivacyAccess } from "../../../lib/console/require-privacy-access";
import { getConsoleSession } from "../../../lib/console/session";

export const metadata: Metadata = { title: "Privacy requests · Tawkster" };

/** Admins: where a person's privacy requests are handled. */
export default async function PrivacyPage() {
  const { actor } = await getConsoleSession();
  await requirePrivacyAccess(actor);
  return (
    <>
      <div className="c-page-head">
        <h1>Privacy requests</h1>
      </div>
      <section className="c-section c-card" aria-labelledby="privacy-erase">
        <h2 id="privacy-erase">Right to be forgotten</h2>
        <p>
          Find a visitor by email address or visitor id and erase everything held about them: their key is
          destroyed first, so nothing of theirs can be read from that moment, backups included. You get a
          receipt without content.
        </p>
        <Link href="/console/privacy/erase">Erase a visitor</Link>
      </section>
      <section className="c-section c-card" aria-labelledby="privacy-export">
        <h2 id="privacy-export">Right of access and portability</h2>
        <p>
          Export everything held about a visitor — profile, consent, every conversation and the record of
          actions about them — as JSON for machines and as a readable page for people.
        </p>
        <Link href="/console/privacy/export">Export a visitor's data</Link>
      </section>
    </>
  );
}
