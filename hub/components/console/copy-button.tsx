"use client";
import { useState } from "react";

/** Copies a text to the clipboard and says so (politely) for screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <span>
      <button type="button" className="c-button" onClick={copy}>
        {label}
      </button>{" "}
      <span aria-live="polite" className="c-field__hint">
        {copied === "done"
          ? "Copied."
          : copied === "failed"
            ? "Copy failed: select the text and copy it."
            : ""}
      </span>
    </span>
  );
}
