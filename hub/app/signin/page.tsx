import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getPageMember, homeOf } from "../../lib/auth/page-member";
import { isSetupNeeded } from "../../lib/auth/setup-state";
import { getHub } from "../../lib/runtime";
import "../auth-pages.css";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in — Tawkster" };

/** `/signin`: email and password, then the one-time code step when the account has one. */
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  await connection();
  if (await isSetupNeeded(getHub())) redirect("/setup");
  const signedIn = await getPageMember();
  if (signedIn !== null) redirect(homeOf(signedIn));
  const justSetUp = (await searchParams).setup === "done";
  return (
    <main className="auth-page">
      <h1>Sign in to Tawkster</h1>
      {justSetUp && (
        <p className="auth-notice" role="status">
          Your workspace is ready. Sign in with the email and password you just chose.
        </p>
      )}
      <SignInForm />
    </main>
  );
}
