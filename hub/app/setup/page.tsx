import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { isSetupNeeded } from "../../lib/auth/setup-state";
import { getHub } from "../../lib/runtime";
import "../auth-pages.css";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Tawkster" };

/** `/setup`: creates the workspace and its first admin; a 404 once the hub is set up. */
export default async function SetupPage() {
  await connection();
  if (!(await isSetupNeeded(getHub()))) notFound();
  return (
    <main className="auth-page">
      <h1>Set up Tawkster</h1>
      <p>
        Name your workspace and create the first administrator. You will then sign in and set up an
        authenticator app: administrators must use two-factor authentication.
      </p>
      <SetupForm />
    </main>
  );
}
