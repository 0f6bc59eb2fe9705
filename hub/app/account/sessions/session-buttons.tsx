"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { readApiError, sendJson } from "../../../lib/auth/browser-auth";

/** Revokes one session; revoking this device's own session signs this browser out. */
export function RevokeSessionButton({
  sessionId,
  isCurrent,
  label,
}: {
  sessionId: string;
  isCurrent: boolean;
  label: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const errorId = `revoke-error-${sessionId}`;
  return (
    <>
      <button
        className="auth-button secondary"
        type="button"
        disabled={isBusy}
        aria-label={`Revoke ${isCurrent ? "this device" : label}`}
        aria-describedby={error ? errorId : undefined}
        onClick={async () => {
          setIsBusy(true);
          const response = await sendJson("DELETE", `/api/v1/me/sessions/${sessionId}`).catch(() => null);
          if (response?.ok) {
            if (isCurrent) window.location.assign("/signin");
            else router.refresh();
            return;
          }
          setIsBusy(false);
          setError(response ? (await readApiError(response)).message : "The hub did not answer.");
        }}
      >
        Revoke
      </button>
      {error && (
        <p id={errorId} className="auth-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** "Sign out everywhere else": revokes every session but this one. */
export function RevokeOthersButton() {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  return (
    <p>
      <button
        className="auth-button danger"
        type="button"
        disabled={isBusy}
        onClick={async () => {
          setIsBusy(true);
          const response = await sendJson("POST", "/api/v1/me/sessions/revoke-others").catch(() => null);
          setIsBusy(false);
          if (response?.ok) {
            const { revoked } = (await response.json()) as { revoked: number };
            setMessage(`Signed out ${revoked} other ${revoked === 1 ? "session" : "sessions"}.`);
            router.refresh();
            return;
          }
          setMessage(response ? (await readApiError(response)).message : "The hub did not answer.");
        }}
      >
        Sign out everywhere else
      </button>{" "}
      <span role="status">{message}</span>
    </p>
  );
}
