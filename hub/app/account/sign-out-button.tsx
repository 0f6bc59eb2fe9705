"use client";

import { useState } from "react";
import { signOut } from "../../lib/auth/browser-auth";

/** Signs this browser out (its session row is revoked) and goes to /signin. */
export function SignOutButton() {
  const [isBusy, setIsBusy] = useState(false);
  return (
    <button
      className="auth-button secondary"
      type="button"
      disabled={isBusy}
      onClick={() => {
        setIsBusy(true);
        void signOut();
      }}
    >
      Sign out
    </button>
  );
}
