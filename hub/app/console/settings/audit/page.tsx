import type { TAuditEvent } from "@tawkster/core/schemas";
import type { TAuditLogVerification } from "@tawkster/core/workspace";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { loadAuditPage } from "../../../../lib/console/audit";
import { formatDateTime } from "../../../../lib/console/format";
import { requireArea } from "../../../../lib/console/guard";
import { loadDirectory } from "../../../../lib/console/inbox";
import { getConsoleSession } from "../../../../lib/console/session";

export const metadata: Metadata = { title: "Audit log · Tawkster" };

const ZAuditQuery = z.object({
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.-]{1,80}$/)
    .optional()
    .catch(undefined),
  actor: z.string().trim().min(1).max(200).optional().catch(undefined),
  before: z.coerce.number().int().min(1).optional().catch(undefined),
});

type TProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Admins: the audit log, newest first, filtered by action and actor, with the chain's verification. */
export default async function AuditPage({ searchParams }: TProps) {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "audit");
  const query = ZAuditQuery.parse(await searchParams);
  const [page, directory] = await Promise.all([
    loadAuditPage(actor, {
      ...(query.action !== undefined && { action: query.action }),
      ...(query.actor !== undefined && { actorId: query.actor }),
      ...(query.before !== undefined && { before: query.before }),
    }),
    loadDirectory(actor),
  ]);
  const keep = new URLSearchParams();
  if (query.action) keep.set("action", query.action);
  if (query.actor) keep.set("actor", query.actor);
  const olderParams = new URLSearchParams(keep);
  if (page.olderBefore !== null) olderParams.set("before", String(page.olderBefore));

  return (
    <>
      <div className="c-page-head">
        <h1>Audit log</h1>
      </div>
      <ChainBanner verification={page.verification} />
      <form method="get" action="/console/settings/audit" className="c-filter">
        <label htmlFor="audit-action">Action</label>
        <input
          id="audit-action"
          name="action"
          type="text"
          defaultValue={query.action ?? ""}
          placeholder="conversation.read"
        />
        <label htmlFor="audit-actor">Actor</label>
        <select id="audit-actor" name="actor" defaultValue={query.actor ?? ""}>
          <option value="">Anyone</option>
          {directory.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <button type="submit" className="c-button">
          Filter
        </button>
      </form>
      {page.events.length === 0 ? (
        <p className="c-empty">No events match.</p>
      ) : (
        <div className="c-table-wrap">
          <table className="c-table">
            <caption className="c-sr-only">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {page.events.map((e) => (
                <AuditRow
                  key={e.id}
                  event={e}
                  actorName={e.actor.type === "member" ? directory.memberName(e.actor.id) : null}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="c-pager" aria-label="Audit log pages">
        {query.before !== undefined && <Link href={`/console/settings/audit?${keep}`}>Newest events</Link>}
        {page.olderBefore !== null && page.events.length > 0 && (
          <Link href={`/console/settings/audit?${olderParams}`}>Older events</Link>
        )}
      </nav>
    </>
  );
}

function ChainBanner({ verification }: { verification: TAuditLogVerification }) {
  if (verification.ok) {
    return (
      <p className="c-alert c-alert--ok" role="status">
        The audit chain verifies: {verification.count} event{verification.count === 1 ? "" : "s"}
        {verification.firstSeq !== null && verification.firstSeq > 1
          ? ` since #${verification.firstSeq} (older ones were purged)`
          : ""}
        , none altered, missing or reordered.
      </p>
    );
  }
  return (
    <p className="c-alert c-alert--error" role="alert">
      The audit chain does not verify: event #{verification.seq} is {verification.problem.replace("-", " ")}.
      The log may have been tampered with.
    </p>
  );
}

function AuditRow({ event, actorName }: { event: TAuditEvent; actorName: string | null }) {
  const details = Object.entries(event.details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`)
    .join("; ");
  return (
    <tr>
      <td>{event.seq}</td>
      <td>
        <time dateTime={event.at.toISOString()}>{formatDateTime(event.at)}</time>
      </td>
      <td>
        {actorName ?? event.actor.type}
        {event.actor.id !== null && <span className="c-code c-muted"> {event.actor.id.slice(0, 8)}</span>}
      </td>
      <td className="c-code">{event.action}</td>
      <td>
        {event.resource.type}
        {event.resource.id !== null && (
          <span className="c-code c-muted"> {event.resource.id.slice(0, 8)}</span>
        )}
      </td>
      <td>
        {event.outcome === "success" ? (
          event.outcome
        ) : (
          <span className="c-badge c-badge--waiting">{event.outcome}</span>
        )}
      </td>
      <td className="c-code">{details}</td>
    </tr>
  );
}
