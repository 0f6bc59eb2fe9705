import type { TConsoleMessage } from "@tawkster/core/schemas";
import type { Ref } from "react";
import { formatDateTime } from "../../lib/console/format";

/** A reply the member sent that the server has not yet acknowledged (or refused). */
export type TPendingReply = { localId: string; body: string; state: "sending" | "failed"; error?: string };

type TProps = {
  messages: readonly TConsoleMessage[];
  pending: readonly TPendingReply[];
  myName: string;
  logRef?: Ref<HTMLDivElement>;
};

/**
 * The transcript as a live log. Bodies are rendered as text (React escapes them; never HTML), and
 * keep their line breaks through CSS.
 */
export function Transcript({ messages, pending, myName, logRef }: TProps) {
  return (
    <div
      className="c-transcript"
      role="log"
      aria-label="Transcript"
      aria-live="polite"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it.
      tabIndex={0}
      ref={logRef}
    >
      {messages.length === 0 && pending.length === 0 ? (
        <p className="c-muted">No messages yet.</p>
      ) : (
        <ol className="c-transcript__list">
          {messages.map((m) => (
            <li key={m.id} className={`c-msg c-msg--${m.author.type}`}>
              <p className="c-msg__meta">
                <span className="c-msg__author">
                  {m.author.name ?? (m.author.type === "visitor" ? "Visitor" : "Member")}
                </span>
                <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
              </p>
              <p className="c-msg__body">{m.body}</p>
            </li>
          ))}
          {pending.map((p) => (
            <li key={p.localId} className="c-msg c-msg--member" aria-busy={p.state === "sending"}>
              <p className="c-msg__meta">
                <span className="c-msg__author">{myName}</span>
                {p.state === "sending" ? (
                  <span className="c-msg__state">Sending…</span>
                ) : (
                  <span className="c-msg__state c-msg__state--failed">Not sent: {p.error}</span>
                )}
              </p>
              <p className="c-msg__body">{p.body}</p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
