"use client";

import type { TTwoFactorStatus } from "@tawkster/core/auth";
import { type FormEvent, useRef, useState } from "react";
import { readApiError, sendJson } from "../../../lib/auth/browser-auth";

type TEnrollment = { secret: string; secretGroups: string; otpauthUri: string; enrollmentToken: string };

/** Enrolling an authenticator app, recovery codes, and turning two-factor authentication off. */
export function SecurityPanel({ status }: { status: TTwoFactorStatus }) {
  const [enrollment, setEnrollment] = useState<TEnrollment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  function show(message: string) {
    setError(message);
    requestAnimationFrame(() => errorRef.current?.focus());
  }

  async function call(method: string, path: string, body: unknown): Promise<Record<string, unknown> | null> {
    setIsBusy(true);
    setError(null);
    const response = await sendJson(method, path, body).catch(() => null);
    setIsBusy(false);
    if (response?.ok) return (await response.json()) as Record<string, unknown>;
    show(response ? (await readApiError(response)).message : "The hub did not answer. Try again.");
    return null;
  }

  function focusHeading() {
    requestAnimationFrame(() => headingRef.current?.focus());
  }

  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const currentCode = String(new FormData(event.currentTarget).get("currentCode") ?? "");
    const body = await call("POST", "/api/v1/me/two-factor/totp", status.enabled ? { currentCode } : {});
    if (body) {
      setEnrollment(body as unknown as TEnrollment);
      focusHeading();
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!enrollment) return;
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    const body = await call("POST", "/api/v1/me/two-factor/totp/confirm", {
      enrollmentToken: enrollment.enrollmentToken,
      code,
    });
    if (body) {
      setEnrollment(null);
      setCodes(body.recoveryCodes as string[]);
      focusHeading();
    }
  }

  async function regenerate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    const body = await call("POST", "/api/v1/me/two-factor/recovery-codes", { code });
    if (body) {
      setCodes(body.recoveryCodes as string[]);
      focusHeading();
    }
  }

  async function turnOff(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    if (await call("DELETE", "/api/v1/me/two-factor", { code })) window.location.reload();
  }

  const errorBlock = error && (
    <p id="security-error" className="auth-error" role="alert" tabIndex={-1} ref={errorRef}>
      {error}
    </p>
  );
  const describedBy = (hint: string) => (error ? `${hint} security-error` : hint);

  if (codes) {
    return (
      <section aria-labelledby="codes-heading">
        <h2 id="codes-heading" tabIndex={-1} ref={headingRef}>
          Your recovery codes
        </h2>
        <p>
          Save these ten codes somewhere safe, apart from your phone. Each one signs you in once if you lose
          your authenticator app. They are shown only now.
        </p>
        <ol className="auth-codes" aria-label="Recovery codes">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <button className="auth-button" type="button" onClick={() => window.location.assign("/console")}>
          I saved them — continue
        </button>
      </section>
    );
  }

  if (enrollment) {
    return (
      <section aria-labelledby="enroll-heading">
        <h2 id="enroll-heading" tabIndex={-1} ref={headingRef}>
          Add Tawkster to your authenticator app
        </h2>
        <p>
          No QR code is shown (the hub has no QR library): in your app, choose to enter a setup key by hand
          and type this key, as a time-based key for your email address.
        </p>
        <dl>
          <dt>Setup key</dt>
          <dd className="auth-secret" data-testid="setup-key">
            {enrollment.secretGroups}
          </dd>
        </dl>
        <p className="auth-hint">
          Or paste this link into an app that accepts one:{" "}
          <code data-testid="otpauth-uri" className="auth-secret">
            {enrollment.otpauthUri}
          </code>
        </p>
        <form className="auth-form" onSubmit={confirm} noValidate>
          <div className="auth-field">
            <label htmlFor="enroll-code">6-digit code from the app</label>
            <input
              id="enroll-code"
              name="code"
              required
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              aria-describedby={describedBy("enroll-code-hint")}
              aria-invalid={error ? true : undefined}
            />
            <p id="enroll-code-hint" className="auth-hint">
              The code proves the app is set up; this setup expires after 10 minutes.
            </p>
          </div>
          {errorBlock}
          <button className="auth-button" type="submit" disabled={isBusy}>
            Turn on two-factor authentication
          </button>
        </form>
      </section>
    );
  }

  if (!status.enabled) {
    return (
      <section aria-labelledby="twofa-heading">
        <h2 id="twofa-heading">Two-factor authentication is off</h2>
        <p>
          An authenticator app (such as Aegis, Google Authenticator or 1Password) adds a code to every
          sign-in.
        </p>
        <form className="auth-form" onSubmit={start}>
          {errorBlock}
          <button className="auth-button" type="submit" disabled={isBusy}>
            Set up an authenticator app
          </button>
        </form>
      </section>
    );
  }

  return (
    <section aria-labelledby="twofa-heading">
      <h2 id="twofa-heading" tabIndex={-1} ref={headingRef}>
        Two-factor authentication is on
      </h2>
      <p>
        {status.recoveryCodesLeft} of 10 recovery codes left.
        {status.required && " Your workspace requires it for your role."}
      </p>
      {errorBlock}
      <h3>New recovery codes</h3>
      <form className="auth-form" onSubmit={regenerate} noValidate>
        <div className="auth-field">
          <label htmlFor="regen-code">Current code (app or recovery code)</label>
          <input
            id="regen-code"
            name="code"
            required
            autoComplete="one-time-code"
            aria-describedby={describedBy("regen-hint")}
          />
          <p id="regen-hint" className="auth-hint">
            Your old recovery codes stop working.
          </p>
        </div>
        <button className="auth-button secondary" type="submit" disabled={isBusy}>
          Generate new recovery codes
        </button>
      </form>
      <h3>Replace the authenticator app</h3>
      <form className="auth-form" onSubmit={start} noValidate>
        <div className="auth-field">
          <label htmlFor="replace-code">Current code (app or recovery code)</label>
          <input
            id="replace-code"
            name="currentCode"
            required
            autoComplete="one-time-code"
            aria-describedby={describedBy("replace-hint")}
          />
          <p id="replace-hint" className="auth-hint">
            For a new phone: the old app keeps working until the new one is confirmed.
          </p>
        </div>
        <button className="auth-button secondary" type="submit" disabled={isBusy}>
          Set up a new app
        </button>
      </form>
      {status.canDisable && (
        <>
          <h3>Turn off two-factor authentication</h3>
          <form className="auth-form" onSubmit={turnOff} noValidate>
            <div className="auth-field">
              <label htmlFor="off-code">Current code (app or recovery code)</label>
              <input
                id="off-code"
                name="code"
                required
                autoComplete="one-time-code"
                aria-describedby={describedBy("off-hint")}
              />
              <p id="off-hint" className="auth-hint">
                Your recovery codes are deleted too.
              </p>
            </div>
            <button className="auth-button danger" type="submit" disabled={isBusy}>
              Turn off
            </button>
          </form>
        </>
      )}
    </section>
  );
}
