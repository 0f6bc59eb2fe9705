import Link from "next/link";
import { INBOX_TABS, TAB_LABELS, type TInboxQuery } from "../../lib/console/inbox";

/** The inbox's queues as links (they keep the department filter); the current one is marked. */
export function InboxTabs({ query }: { query: TInboxQuery }) {
  return (
    <nav aria-label="Queues" className="c-tabs">
      <ul className="c-tabs__list">
        {INBOX_TABS.map((tab) => {
          const params = new URLSearchParams({ tab });
          if (query.department) params.set("department", query.department);
          return (
            <li key={tab}>
              <Link
                href={`/console?${params}`}
                className="c-tabs__tab"
                aria-current={query.tab === tab ? "page" : undefined}
              >
                {TAB_LABELS[tab]}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
