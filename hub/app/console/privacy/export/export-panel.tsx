"use client";
import { useState } from "react";
import type { TApiErasurePreview } from "../../../../lib/lifecycle/privacy-schemas";
import { CandidateTable } from "../candidate-table";
import { VisitorLookupForm } from "../visitor-lookup-form";
import { ExportProgress } from "./export-progress";
import { readExportStream } from "./read-export-stream";

type TExportState =
  | { phase: "idle" }
  | { phase: "running"; visitorId: string; done: number; total: number }
  | { phase: "ready"; visitorId: string; done: number; total: number; exportId: string; messageCount: number }
  | { phase: "failed"; visitorId: string; done: number; total: number; message: string };

/**
 * Find → choose a visitor → "Export": the export runs on the hub and streams its progress
 * (POST /api/v1/privacy/export/stream, one NDJSON line per conversation), which moves the bar;
 * once done, the result downloads as JSON or as a readable HTML page.
 */
export function ExportPanel() {
  const [preview, setPreview] = useState<TApiErasurePreview | null>(null);
  const [state, setState] = useState<TExportState>({ phase: "idle" });
  const isRunning = state.phase === "running";

  const start = async (visitorId: string) => {
    setState({ phase: "running", visitorId, done: 0, total: 0 });
    let progress = { done: 0, total: 0 };
    const fail = (message: string) => setState({ phase: "failed", visitorId, ...progress, message });
    try {
      const response = await fetch("/api/v1/privacy/export/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ visitorId }),
        credentials: "same-origin",
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        fail(body?.error?.message ?? "The export could not start.");
        return;
      }
      await readExportStream(response, (line) => {
        if (line.type === "progress") {
          progress = { done: line.done, total: line.total };
          setState({ phase: "running", visitorId, ...progress });
        } else if (line.type === "done") {
          setState({
            phase: "ready",
            visitorId,
            ...progress,
            exportId: line.exportId,
            messageCount: line.messageCount,
          });
        } else {
          fail(line.error.message);
        }
      });
    } catch {
      fail("The connection to the hub was lost during the export. Try again.");
    }
  };

  return (
    <>
      <VisitorLookupForm
        idPrefix="export"
        purpose="export"
        onFound={(found) => {
          setPreview(found);
          if (!isRunning) setState({ phase: "idle" });
        }}
      />
      {preview !== null && (
        <section className="c-section" aria-labelledby="export-found">
          <h2 id="export-found">Found</h2>
          {preview.visitors.length === 0 ? (
            <p className="c-empty">No visitor matches.</p>
          ) : (
            <CandidateTable
              visitors={preview.visitors}
              caption="Visitors to export"
              action={(v) => (
                <button
                  type="button"
                  className="c-button"
                  disabled={isRunning}
                  aria-label={`Export visitor ${v.visitorId}`}
                  onClick={() => void start(v.visitorId)}
                >
                  Export
                </button>
              )}
            />
          )}
        </section>
      )}
      {state.phase !== "idle" && (
        <section className="c-section" aria-labelledby="export-status">
          <h2 id="export-status">Export of visitor {state.visitorId}</h2>
          <ExportProgress done={state.done} total={state.total} isFinished={state.phase === "ready"} />
          <div aria-live="polite">
            {state.phase === "ready" && (
              <>
                <p className="c-alert c-alert--ok">
                  Export ready: {state.total} conversation{state.total === 1 ? "" : "s"}, {state.messageCount}{" "}
                  message
                  {state.messageCount === 1 ? "" : "s"}.
                </p>
                <div className="p-downloads">
                  <a
                    className="c-button c-button--primary"
                    href={`/api/v1/privacy/export/${state.exportId}?format=json`}
                    download={`tawkster-export-${state.visitorId}.json`}
                  >
                    Download JSON
                  </a>
                  <a
                    className="c-button"
                    href={`/api/v1/privacy/export/${state.exportId}?format=html`}
                    download={`tawkster-export-${state.visitorId}.html`}
                  >
                    Download readable page (HTML)
                  </a>
                </div>
              </>
            )}
            {state.phase === "failed" && (
              <p className="c-alert c-alert--error" role="alert">
                {state.message}
              </p>
            )}
          </div>
        </section>
      )}
    </>
  );
}
