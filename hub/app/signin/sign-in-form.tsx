"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { postAuthForm, readApiError } from "../../lib/auth/browser-auth";

type TStep = "password" | "code";

/** The sign-in form: email and password, then (when the account needs it) a one-time code. */
export function SignInForm() {
  const [step, setStep] = useState<TStep>("password");
  const [isRecovery, setIsRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const credentials = useRef({ email: "", password: "" });
  const errorRef = useRef<HTMLParagraphElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  // The code field replaces the password fields: keyboard and screen-reader users land in it.
  useEffect(() => {
    if (step === "code") codeRef.current?.focus();
  }, [step]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (step === "password") {
      credentials.current = {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      };
    }
    const code = step === "code" ? String(form.get("code") ?? "") : "";
    setIsBusy(true);
    setError(null);
    const response = await postAuthForm("/api/auth/callback/credentials", {
      ...credentials.current,
      code,
    }).catch(() => null);
    if (response?.ok) {
      const body = (await response.json()) as { url?: string };
      window.location.assign(body.url ?? "/console");
      return;
    }
    setIsBusy(false);
    if (response === null) {
      show("The hub did not answer. Try again.");
      return;
    }
    const problem = await readApiError(response);
    if (problem.code === "auth.second_factor_required" && step === "password") {
      setStep("code");
      return;
    }
    show(problem.message);
  }

  function show(message: string) {
    setError(message);
    requestAnimationFrame(() => errorRef.current?.focus());
  }

  const errorId = error ? "signin-error" : undefined;
  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      {step === "password" ? (
        <>
          <div className="auth-field">
            <label htmlFor="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              required
              autoComplete="username"
              aria-describedby={errorId}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="auth-field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              required
              autoComplete="current-password"
              aria-describedby={errorId}
              aria-invalid={error ? true : undefined}
            />
          </div>
        </>
      ) : (
        <div className="auth-field">
          <label htmlFor="code">
            {isRecovery ? "Recovery code" : "6-digit code from your authenticator app"}
          </label>
          <input
            id="code"
            name="code"
            ref={codeRef}
            required
            autoComplete="one-time-code"
            inputMode={isRecovery ? "text" : "numeric"}
            pattern={isRecovery ? undefined : "[0-9 ]*"}
            maxLength={isRecovery ? 20 : 7}
            aria-describedby={errorId ? `code-hint ${errorId}` : "code-hint"}
            aria-invalid={error ? true : undefined}
          />
          <p id="code-hint" className="auth-hint">
            {isRecovery
              ? "One of the ten codes you saved when you set up two-factor authentication, like k7mq-x2pa-9rtd. Each works once."
              : "Open your authenticator app and type the code it shows for Tawkster."}
          </p>
        </div>
      )}
      {error && (
        <p id="signin-error" className="auth-error" role="alert" tabIndex={-1} ref={errorRef}>
          {error}
        </p>
      )}
      <button className="auth-button" type="submit" disabled={isBusy}>
        {isBusy ? "Signing in…" : step === "password" ? "Sign in" : "Verify"}
      </button>
      {step === "code" && (
        <button
          className="auth-link-button"
          type="button"
          onClick={() => {
            setIsRecovery(!isRecovery);
            setError(null);
            requestAnimationFrame(() => codeRef.current?.focus());
          }}
        >
          {isRecovery ? "Use the authenticator app instead" : "Use a recovery code"}
        </button>
      )}
    </form>
  );
}
