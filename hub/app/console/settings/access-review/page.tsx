import { buildAccessReview, type TAccessReviewFlag } from "@tawkster/core/lifecycle";
import type { Metadata } from "next";
import { formatDateTime } from "../../../../lib/console/format";
import { orNotFound, requireArea } from "../../../../lib/console/guard";
import { getConsoleSession } from "../../../../lib/console/session";
import { getHub } from "../../../../lib/runtime";

export const metadata: Metadata = { title: "Access review · Tawkster" };

const FLAG_LABELS: Readonly<Record<TAccessReviewFlag, string>> = {
  "no-2fa": "No two-factor",
  "unused-90-days": "Unused for 90 days",
  "invited-never-signed-in": "Invited, never signed in",
  "deactivated-with-sessions": "Deactivated, sessions still live",
};

/**
 * Admins: who has access — every member with role, departments, second factor, last sign-in and
 * live sessions — with what deserves a second look flagged, and a CSV for the records.
 */
export default async function AccessReviewPage() {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "members");
  const review = await orNotFound(() => buildAccessReview(getHub(), actor));
  const { counts } = review;
  return (
    <>
      <div className="c-page-head">
        <h1>Access review</h1>
        <a
          className="c-button"
          href="/api/v1/compliance/access-review?format=csv"
          download={`tawkster-access-review-${review.generatedAt.toISOString().slice(0, 10)}.csv`}
        >
          Download CSV
        </a>
      </div>
      <p>
        As of <time dateTime={review.generatedAt.toISOString()}>{formatDateTime(review.generatedAt)}</time>:{" "}
        {counts.members} member{counts.members === 1 ? "" : "s"}, {counts.active} active,{" "}
        {counts.withTwoFactor} with two-factor authentication; {counts.flagged} flagged for review.
      </p>
      <div className="c-table-wrap">
        <table className="c-table">
          <caption className="c-sr-only">Members and their access</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Departments</th>
              <th scope="col">Status</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Active sessions</th>
              <th scope="col">Review</th>
            </tr>
          </thead>
          <tbody>
            {review.members.map((m) => (
              <tr key={m.memberId} data-member-id={m.memberId}>
                <th scope="row">
                  {m.name}
                  <br />
                  <span className="c-muted">{m.email}</span>
                </th>
                <td>{m.role}</td>
                <td>{m.departments.length === 0 ? "—" : m.departments.join(", ")}</td>
                <td>{m.status}</td>
                <td>{m.twoFactorEnabled ? "On" : "Off"}</td>
                <td>
                  {m.lastSignInAt === null ? (
                    "Never"
                  ) : (
                    <time dateTime={m.lastSignInAt.toISOString()}>{formatDateTime(m.lastSignInAt)}</time>
                  )}
                </td>
                <td>{m.activeSessionCount}</td>
                <td>
                  {m.flags.length === 0
                    ? "—"
                    : m.flags.map((flag) => (
                        <span key={flag} className="c-badge c-badge--waiting">
                          {FLAG_LABELS[flag]}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
