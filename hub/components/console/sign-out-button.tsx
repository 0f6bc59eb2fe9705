"use client";
import { useState } from "react";
import { signOut } from "../../lib/auth/browser-auth";

/** Ends this browser's session (the auth helpers revoke its row) and goes to /signin. */
export function SignOutButton() {
  const [isBusy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="c-nav__button"
      disabled={isBusy}
      onClick={() => {
        setBusy(true);
        void signOut();
      }}
    >
      {isBusy ? "Signing out…" : "Sign out"}
    </button>
  );
}
