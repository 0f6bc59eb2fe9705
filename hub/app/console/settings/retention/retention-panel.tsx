"use client";
import { useState, useTransition } from "react";
import { previewPurgeAction, runPurgeAction } from "../../../../lib/console/retention-actions";
import type { TPurgeReport } from "../../../../lib/lifecycle/purge-report";
import { PurgeReportView } from "./purge-report-view";

/** Preview (dry run) and "Run purge now" (after a confirmation), with what came back. */
export function RetentionPanel() {
  const [report, setReport] = useState<TPurgeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isAsking, setAsking] = useState(false);
  const [isPending, startTransition] = useTransition();

  const call = (action: typeof previewPurgeAction) => {
    setAsking(false);
    startTransition(async () => {
      const result = await action();
      if (result.ok) {
        setReport(result.value);
        setError(null);
      } else {
        setError(result.error);
      }
    });
  };

  return (
    <section className="c-section" aria-labelledby="purge-heading">
      <h2 id="purge-heading">Next purge</h2>
      <div className="c-form--inline">
        <button
          type="button"
          className="c-button"
          disabled={isPending}
          onClick={() => call(previewPurgeAction)}
        >
          Preview
        </button>
        {!isAsking && (
          <button
            type="button"
            className="c-button c-button--danger"
            disabled={isPending}
            onClick={() => setAsking(true)}
          >
            Run purge now…
          </button>
        )}
      </div>
      {isAsking && (
        <div className="c-form--inline">
          <p role="alert" className="c-alert c-alert--warn">
            Everything past its retention period is deleted for good, keys first. It cannot be undone.
          </p>
          <button type="button" className="c-button c-button--danger" onClick={() => call(runPurgeAction)}>
            Purge now
          </button>
          <button type="button" className="c-button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </div>
      )}
      <div aria-live="polite">
        {isPending && <p className="c-muted">Working…</p>}
        {error !== null && (
          <p className="c-alert c-alert--error" role="alert">
            {error}
          </p>
        )}
        {report !== null && !isPending && <PurgeReportView report={report} />}
      </div>
    </section>
  );
}
