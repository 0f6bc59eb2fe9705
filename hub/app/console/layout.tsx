import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "../../components/console/console.css";
import { ConsoleNav } from "../../components/console/console-nav";
import { SignOutButton } from "../../components/console/sign-out-button";
import { getConsoleSession } from "../../lib/console/session";

export const metadata: Metadata = { title: "Console · Tawkster" };
// Every console page is personal and read from the store on each request.
export const dynamic = "force-dynamic";

/** The console's frame: skip link, header, navigation by role, and the page. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { actor, name } = await getConsoleSession();
  return (
    <div className="c-shell">
      <a href="#main" className="c-skip">
        Skip to content
      </a>
      <header className="c-header">
        <Link href="/console" className="c-brand">
          Tawkster
        </Link>
      </header>
      <ConsoleNav role={actor.role} memberName={name} signOut={<SignOutButton />} />
      <main id="main" className="c-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
