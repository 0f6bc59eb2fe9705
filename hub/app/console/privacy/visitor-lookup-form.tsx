"use client";
import { type FormEvent, useState, useTransition } from "react";
import { findVisitorsAction } from "../../../lib/console/privacy-actions";
import type { TApiErasurePreview } from "../../../lib/lifecycle/privacy-schemas";

/**
 * The one field privacy requests start from: an email address or a visitor id, and "Find". The
 * lookup is audited with its purpose (an export or an erasure).
 */
export function VisitorLookupForm({
  idPrefix,
  purpose,
  onFound,
}: {
  idPrefix: string;
  purpose: "export" | "erasure";
  onFound: (preview: TApiErasurePreview) => void;
}) {
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const find = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await findVisitorsAction({ query, purpose });
      if (result.ok) {
        setError(null);
        onFound(result.value);
      } else {
        setError(result.error);
      }
    });
  };
  return (
    <form className="c-form" onSubmit={find} aria-label="Find a visitor">
      <div className="c-field">
        <label htmlFor={`${idPrefix}-query`}>Email address or visitor id</label>
        <input
          id={`${idPrefix}-query`}
          type="text"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          required
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${idPrefix}-query-hint`}
        />
        <span id={`${idPrefix}-query-hint`} className="c-field__hint">
          An email finds every visitor who used it, whether the website verified it or they only typed it in
          the chat.
        </span>
      </div>
      <div>
        <button type="submit" className="c-button c-button--primary" disabled={isPending}>
          {isPending ? "Finding…" : "Find"}
        </button>
      </div>
      <div aria-live="polite">
        {error !== null && (
          <p className="c-alert c-alert--error" role="alert">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
