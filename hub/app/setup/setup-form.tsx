"use client";

import { type FormEvent, useRef, useState } from "react";
import { readApiError, sendJson } from "../../lib/auth/browser-auth";

/** The first-run form: workspace name, admin name, email and a password (checked by the hub). */
export function SetupForm() {
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? "");
    if (field("password") !== field("confirm")) {
      show("The two passwords differ.");
      return;
    }
    setIsBusy(true);
    const response = await sendJson("POST", "/api/v1/setup", {
      workspaceName: field("workspaceName"),
      name: field("name"),
      email: field("email"),
      password: field("password"),
    }).catch(() => null);
    if (response?.status === 201) {
      window.location.assign("/signin?setup=done");
      return;
    }
    setIsBusy(false);
    show(response ? (await readApiError(response)).message : "The hub did not answer. Try again.");
  }

  function show(message: string) {
    setError(message);
    // Move focus to the message so screen readers and keyboard users meet it at once.
    requestAnimationFrame(() => errorRef.current?.focus());
  }

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      <div className="auth-field">
        <label htmlFor="workspaceName">Workspace name</label>
        <input id="workspaceName" name="workspaceName" required maxLength={120} autoComplete="organization" />
      </div>
      <div className="auth-field">
        <label htmlFor="name">Your name</label>
        <input id="name" name="name" required maxLength={120} autoComplete="name" />
      </div>
      <div className="auth-field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" required maxLength={254} autoComplete="email" />
      </div>
      <div className="auth-field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          required
          minLength={12}
          maxLength={256}
          autoComplete="new-password"
          aria-describedby={error ? "password-hint setup-error" : "password-hint"}
          aria-invalid={error ? true : undefined}
        />
        <p id="password-hint" className="auth-hint">
          At least 12 characters. Not a common password, and not containing your name or email.
        </p>
      </div>
      <div className="auth-field">
        <label htmlFor="confirm">Password again</label>
        <input id="confirm" name="confirm" type="password" required autoComplete="new-password" />
      </div>
      {error && (
        <p id="setup-error" className="auth-error" role="alert" tabIndex={-1} ref={errorRef}>
          {error}
        </p>
      )}
      <button className="auth-button" type="submit" disabled={isBusy}>
        {isBusy ? "Creating…" : "Create workspace"}
      </button>
    </form>
  );
}
