"use client";

/**
 * Anything a console page failed with: a sentence and a retry, never the error's text or stack
 * (server errors reach the browser only as a digest anyway).
 */
export default function ConsoleError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section aria-labelledby="error-heading" role="alert">
      <h1 id="error-heading">Something went wrong</h1>
      <p>This page could not be shown. Please try again in a moment.</p>
      <button type="button" className="c-button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
