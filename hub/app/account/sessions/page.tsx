import { listOwnSessions } from "@tawkster/core/auth";
import type { Metadata } from "next";
import { authDepsOf } from "../../../lib/auth/auth-deps";
import { requirePageMember } from "../../../lib/auth/page-member";
import { getHub } from "../../../lib/runtime";
import { RevokeOthersButton, RevokeSessionButton } from "./session-buttons";

export const metadata: Metadata = { title: "Sessions — Tawkster" };

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `/account/sessions`: every device signed in as this member, each with a Revoke button. */
export default async function SessionsPage() {
  const { actor, session } = await requirePageMember();
  const sessions = await listOwnSessions(authDepsOf(getHub()), actor, session.id);
  return (
    <main>
      <h1>Sessions</h1>
      <p>
        Every browser signed in to your account. Revoke any you do not recognise; it is signed out on its next
        request. The approximate place is the network the browser signed in from, made anonymous (the last
        part of the address is removed): Tawkster has no offline location database, so it cannot name a city.
      </p>
      <table className="auth-table">
        <caption className="auth-hint">
          {sessions.length === 1 ? "1 session" : `${sessions.length} sessions`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Approximate place (network)</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span className="auth-hint">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-session-id={s.id}>
              <td>
                {s.device}
                {s.isCurrent && <span className="auth-badge">This device</span>}
              </td>
              <td>{s.network ?? "Not recorded"}</td>
              <td>
                <time dateTime={s.createdAt.toISOString()}>{formatTime(s.createdAt)}</time>
              </td>
              <td>
                <time dateTime={s.lastSeenAt.toISOString()}>{formatTime(s.lastSeenAt)}</time>
              </td>
              <td>
                <RevokeSessionButton sessionId={s.id} isCurrent={s.isCurrent} label={s.device} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.length > 1 && <RevokeOthersButton />}
    </main>
  );
}
