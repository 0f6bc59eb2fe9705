import type { TConversationStatus } from "@tawkster/core/schemas";

const STATUS_LABELS: Readonly<Record<TConversationStatus, string>> = {
  waiting: "Waiting",
  open: "Open",
  closed: "Closed",
};

/** A conversation's status as a labelled chip. */
export function StatusBadge({ status }: { status: TConversationStatus }) {
  return <span className={`c-badge c-badge--${status}`}>{STATUS_LABELS[status]}</span>;
}

/** Whether the host site vouched for the visitor's identity, or the visitor only claimed it. */
export function VerifiedBadge({ isVerified }: { isVerified: boolean }) {
  return isVerified ? (
    <span className="c-badge c-badge--verified">Verified</span>
  ) : (
    <span className="c-badge c-badge--unverified">Unverified</span>
  );
}

/** Unread messages, with the word for screen readers; nothing when zero. */
export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="c-badge c-badge--unread">
      {count}
      <span className="c-sr-only"> unread</span>
    </span>
  );
}
