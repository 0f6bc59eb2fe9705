"use client";

/** Opens the browser's print dialog (the page has a print stylesheet: report only, no console frame). */
export function PrintButton() {
  return (
    <button type="button" className="c-button" onClick={() => window.print()}>
      Print
    </button>
  );
}
