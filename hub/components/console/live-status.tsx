import type { TSocketStatus } from "./use-console-socket";

const LABELS: Readonly<Record<TSocketStatus, string>> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
};

/** The realtime connection's state, announced politely when it changes. */
export function LiveStatus({ status }: { status: TSocketStatus }) {
  return (
    <p className={`c-live c-live--${status}`} role="status">
      <span className="c-live__dot" aria-hidden="true" />
      {LABELS[status]}
    </p>
  );
}
