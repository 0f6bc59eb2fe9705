import { getTwoFactorStatus } from "@tawkster/core/auth";
import type { Metadata } from "next";
import { authDepsOf } from "../../../lib/auth/auth-deps";
import { requirePageMember } from "../../../lib/auth/page-member";
import { getHub } from "../../../lib/runtime";
import { SecurityPanel } from "./security-panel";

export const metadata: Metadata = { title: "Security — Tawkster" };

/** `/account/security`: two-factor authentication (the only page a member who owes enrolment may open). */
export default async function SecurityPage() {
  const { actor, member } = await requirePageMember({ allowUnenrolled: true });
  const status = await getTwoFactorStatus(authDepsOf(getHub()), actor);
  return (
    <main>
      <h1>Security</h1>
      <p>
        Signed in as {member.name} ({member.email}).
      </p>
      {status.mustEnroll && (
        <p className="auth-warning" role="status">
          Your workspace requires two-factor authentication for your role. Set up an authenticator app to
          continue to the console.
        </p>
      )}
      <SecurityPanel status={status} />
    </main>
  );
}
