import type { ReactNode } from "react";
import { formatDateTime } from "../../../lib/console/format";
import type { TApiErasureCandidate } from "../../../lib/lifecycle/privacy-schemas";

const MATCH_LABELS: Readonly<Record<TApiErasureCandidate["match"], string>> = {
  "email-verified": "Email verified by the website",
  "email-unverified": "Email only claimed in the chat",
  "visitor-id": "By visitor id",
};

/**
 * The visitors a lookup found: how they matched (verified or only claimed), their site, how much
 * they have, and which plugins hold copies; `action` renders the last cell of each row.
 */
export function CandidateTable({
  visitors,
  caption,
  action,
}: {
  visitors: readonly TApiErasureCandidate[];
  caption: string;
  action: (visitor: TApiErasureCandidate) => ReactNode;
}) {
  return (
    <div className="c-table-wrap">
      <table className="c-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Visitor</th>
            <th scope="col">Match</th>
            <th scope="col">Site</th>
            <th scope="col">Conversations</th>
            <th scope="col">Messages</th>
            <th scope="col">Last seen</th>
            <th scope="col">Copies in plugins</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {visitors.map((v) => (
            <tr key={v.visitorId} data-visitor-id={v.visitorId}>
              <th scope="row" className="c-code">
                {v.visitorId}
              </th>
              <td>
                <span
                  className={`c-badge ${v.identityVerified ? "c-badge--verified" : "c-badge--unverified"}`}
                >
                  {v.identityVerified ? "Verified" : "Claimed"}
                </span>{" "}
                <span className="c-muted">{MATCH_LABELS[v.match]}</span>
              </td>
              <td>{v.siteName ?? "—"}</td>
              <td>{v.conversationCount}</td>
              <td>{v.messageCount}</td>
              <td>
                <time dateTime={v.lastSeenAt}>{formatDateTime(v.lastSeenAt)}</time>
              </td>
              <td>
                {v.installations.length === 0
                  ? "None"
                  : v.installations.map((i) => `${i.name} (${i.platform})`).join(", ")}
              </td>
              <td>{action(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
