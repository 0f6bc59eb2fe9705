import Link from "next/link";
import { formatAgo, formatDateTime } from "../../lib/console/format";
import type { TConversationRow } from "../../lib/console/inbox";
import { StatusBadge, UnreadBadge, VerifiedBadge } from "./badges";

type TProps = {
  rows: readonly TConversationRow[];
  caption: string;
  now: Date;
  /** Shown instead of an empty table. */
  emptyText: string;
};

/** Conversations as a table: one row each, the visitor's name linking to the conversation. */
export function ConversationTable({ rows, caption, now, emptyText }: TProps) {
  if (rows.length === 0) return <p className="c-empty">{emptyText}</p>;
  return (
    <div className="c-table-wrap">
      <table className="c-table">
        <caption className="c-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Visitor</th>
            <th scope="col">Identity</th>
            <th scope="col">Department</th>
            <th scope="col">Status</th>
            <th scope="col">Assignee</th>
            <th scope="col">Last activity</th>
            <th scope="col">Unread</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={row.unread > 0 ? "c-table__row--unread" : undefined}>
              <th scope="row">
                <Link href={`/console/conversations/${row.id}`}>{row.visitorName ?? "Visitor"}</Link>
              </th>
              <td>
                <VerifiedBadge isVerified={row.isVerified} />
              </td>
              <td>{row.departmentName}</td>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td>{row.assigneeName ?? <span className="c-muted">Unassigned</span>}</td>
              <td>
                <time dateTime={row.lastActivityAt.toISOString()} title={formatDateTime(row.lastActivityAt)}>
                  {formatAgo(row.lastActivityAt, now)}
                </time>
              </td>
              <td>
                <UnreadBadge count={row.unread} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
