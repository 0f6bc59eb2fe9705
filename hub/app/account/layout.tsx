import type { ReactNode } from "react";
import "../auth-pages.css";
import { SignOutButton } from "./sign-out-button";

/** The account pages (security, sessions): a small navigation and the sign-out button. */
export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-page">
      <nav className="auth-nav" aria-label="Account">
        <a href="/console">Console</a>
        <a href="/account/security">Security</a>
        <a href="/account/sessions">Sessions</a>
        <SignOutButton />
      </nav>
      {children}
    </div>
  );
}
