import type { TConversationVisitor } from "@tawkster/core/chat";
import { formatDateTime } from "../../lib/console/format";
import { VerifiedBadge } from "./badges";

/** Who the visitor is, as far as policy lets the console show it (email and IP masked by default). */
export function VisitorPanel({ visitor }: { visitor: TConversationVisitor }) {
  return (
    <section className="c-card" aria-labelledby="visitor-heading">
      <h2 id="visitor-heading">Visitor</h2>
      <dl className="c-dl">
        <dt>Name</dt>
        <dd>{visitor.name ?? "Visitor"}</dd>
        <dt>Email</dt>
        <dd>{visitor.email ?? <span className="c-muted">Not given</span>}</dd>
        <dt>IP</dt>
        <dd>{visitor.ip ?? <span className="c-muted">Not stored</span>}</dd>
        <dt>Identity</dt>
        <dd>
          <VerifiedBadge isVerified={visitor.identityVerified} />
          <span className="c-sr-only">
            {visitor.identityVerified ? " (signed by the site)" : " (claimed by the visitor)"}
          </span>
        </dd>
        <dt>First seen</dt>
        <dd>{formatDateTime(visitor.firstSeenAt)}</dd>
      </dl>
      {visitor.isMasked && (
        <p className="c-field__hint">Email and IP are masked by your workspace's redaction policy.</p>
      )}
    </section>
  );
}
