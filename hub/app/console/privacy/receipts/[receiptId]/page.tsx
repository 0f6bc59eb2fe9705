import { getErasureReceipt } from "@tawkster/core/lifecycle";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { z } from "zod";
import { formatDateTime } from "../../../../../lib/console/format";
import { orNotFound } from "../../../../../lib/console/guard";
import { requirePrivacyAccess } from "../../../../../lib/console/require-privacy-access";
import { getConsoleSession } from "../../../../../lib/console/session";
import { getHub } from "../../../../../lib/runtime";
import "../../privacy.css";

export const metadata: Metadata = { title: "Erasure receipt · Tawkster" };

type TProps = { params: Promise<{ receiptId: string }> };

/** Admins: proof of an erasure — what went (ids and counts), where and when — with a JSON download. */
export default async function ReceiptPage({ params }: TProps) {
  const { actor } = await getConsoleSession();
  await requirePrivacyAccess(actor);
  const receiptId = z.uuid().safeParse((await params).receiptId);
  if (!receiptId.success) notFound();
  const receipt = await orNotFound(() => getErasureReceipt(getHub(), actor, { receiptId: receiptId.data }));
  const { counts } = receipt;
  const figures: [string, number][] = [
    ["Visitors", counts.visitors],
    ["Conversations", counts.conversations],
    ["Messages", counts.messages],
    ["Read markers", counts.readMarkers],
    ["Keys destroyed", counts.keysDestroyed],
    ["Plugin deletions requested", counts.outboxQueued],
  ];
  return (
    <>
      <div className="c-page-head">
        <h1>Erasure receipt</h1>
      </div>
      <p className="c-alert c-alert--ok" role="status">
        Erased. The data became unreadable at{" "}
        <time dateTime={receipt.unreadableAt.toISOString()}>{formatDateTime(receipt.unreadableAt)}</time>,
        when the keys were destroyed.
      </p>
      <div className="p-downloads">
        <a
          className="c-button c-button--primary"
          href={`/api/v1/privacy/erasure/${receipt.id}?download=1`}
          download={`tawkster-erasure-${receipt.id}.json`}
        >
          Download receipt (JSON)
        </a>
      </div>
      <section className="c-section c-card" aria-labelledby="receipt-summary">
        <h2 id="receipt-summary">Summary</h2>
        <dl className="c-dl">
          <dt>Receipt</dt>
          <dd className="c-code">{receipt.id}</dd>
          <dt>Requested</dt>
          <dd>
            <time dateTime={receipt.requestedAt.toISOString()}>{formatDateTime(receipt.requestedAt)}</time>{" "}
            from the {receipt.source}
          </dd>
          <dt>Completed</dt>
          <dd>
            <time dateTime={receipt.completedAt.toISOString()}>{formatDateTime(receipt.completedAt)}</time>
          </dd>
          {figures.map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
      <section className="c-section" aria-labelledby="receipt-ids">
        <h2 id="receipt-ids">What went</h2>
        <IdList title="Visitors" ids={receipt.visitorIds} />
        <IdList title="Conversations" ids={receipt.conversationIds} />
        <IdList title="Sites" ids={receipt.siteIds} />
        <IdList
          title="Plugins asked to delete their copies"
          ids={receipt.installations.map((i) => `${i.platform} ${i.id}`)}
        />
      </section>
    </>
  );
}

function IdList({ title, ids }: { title: string; ids: readonly string[] }) {
  return (
    <details className="c-details">
      <summary>
        {title} ({ids.length})
      </summary>
      {ids.length === 0 ? (
        <p className="c-muted">None.</p>
      ) : (
        <ul className="p-ids">
          {ids.map((id) => (
            <li key={id} className="c-code">
              {id}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
