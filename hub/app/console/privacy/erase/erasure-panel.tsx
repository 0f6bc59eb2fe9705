"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { eraseVisitorsAction } from "../../../../lib/console/privacy-actions";
import type { TApiErasurePreview } from "../../../../lib/lifecycle/privacy-schemas";
import { CandidateTable } from "../candidate-table";
import { VisitorLookupForm } from "../visitor-lookup-form";

/**
 * Find → preview every matching visitor → choose → confirm → erase → the receipt page. Visitors
 * who only claimed the email start unticked: it may be someone else's address.
 */
export function ErasurePanel() {
  const router = useRouter();
  const [preview, setPreview] = useState<TApiErasurePreview | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [isAsking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const show = (found: TApiErasurePreview) => {
    setPreview(found);
    setAsking(false);
    setError(null);
    setChosen(new Set(found.visitors.filter((v) => v.match !== "email-unverified").map((v) => v.visitorId)));
  };
  const toggle = (visitorId: string, isOn: boolean) => {
    const next = new Set(chosen);
    if (isOn) next.add(visitorId);
    else next.delete(visitorId);
    setChosen(next);
  };
  const erase = () => {
    startTransition(async () => {
      const result = await eraseVisitorsAction({ visitorIds: [...chosen] });
      if (result.ok) router.push(`/console/privacy/receipts/${result.value.receiptId}`);
      else {
        setError(result.error);
        setAsking(false);
      }
    });
  };

  return (
    <>
      <VisitorLookupForm idPrefix="erase" purpose="erasure" onFound={show} />
      {preview !== null && (
        <section className="c-section" aria-labelledby="erase-preview">
          <h2 id="erase-preview">Found</h2>
          {preview.visitors.length === 0 ? (
            <p className="c-empty">No visitor matches.</p>
          ) : (
            <>
              <CandidateTable
                visitors={preview.visitors}
                caption="Visitors this request reaches"
                action={(v) => (
                  <label className="c-check" htmlFor={`erase-${v.visitorId}`}>
                    <input
                      id={`erase-${v.visitorId}`}
                      type="checkbox"
                      checked={chosen.has(v.visitorId)}
                      onChange={(e) => toggle(v.visitorId, e.target.checked)}
                    />
                    Erase
                  </label>
                )}
              />
              {isAsking ? (
                <div className="c-form--inline">
                  <p role="alert" className="c-alert c-alert--warn">
                    Erase {chosen.size} visitor{chosen.size === 1 ? "" : "s"} for good? Their keys are
                    destroyed at once; this cannot be undone.
                  </p>
                  <button
                    type="button"
                    className="c-button c-button--danger"
                    disabled={isPending}
                    onClick={erase}
                  >
                    {isPending ? "Erasing…" : "Erase for good"}
                  </button>
                  <button
                    type="button"
                    className="c-button"
                    disabled={isPending}
                    onClick={() => setAsking(false)}
                  >
                    Cancel
                  </button>
                </div>
              ) : (
                <button
                  type="button"
                  className="c-button c-button--danger"
                  disabled={chosen.size === 0}
                  onClick={() => setAsking(true)}
                >
                  Erase the selected visitors…
                </button>
              )}
            </>
          )}
          <div aria-live="polite">
            {error !== null && (
              <p className="c-alert c-alert--error" role="alert">
                {error}
              </p>
            )}
          </div>
        </section>
      )}
    </>
  );
}
