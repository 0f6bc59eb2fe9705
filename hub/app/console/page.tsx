import type { Metadata } from "next";
import { ConversationTable } from "../../components/console/conversation-table";
import { DepartmentFilter } from "../../components/console/department-filter";
import { DocumentTitle } from "../../components/console/document-title";
import { InboxTabs } from "../../components/console/inbox-tabs";
import { LiveRefresh } from "../../components/console/live-refresh";
import {
  filterableDepartments,
  loadDirectory,
  loadInbox,
  TAB_LABELS,
  ZInboxQuery,
} from "../../lib/console/inbox";
import { getConsoleSession } from "../../lib/console/session";
import { getHub } from "../../lib/runtime";

export const metadata: Metadata = { title: "Inbox · Tawkster" };

type TProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The agents' inbox: one queue at a time, optionally one department, kept live. */
export default async function InboxPage({ searchParams }: TProps) {
  const { actor } = await getConsoleSession();
  const query = ZInboxQuery.parse(await searchParams);
  const directory = await loadDirectory(actor);
  const departments = filterableDepartments(actor, directory);
  // A department the member does not work in is simply not a filter they have.
  const department = departments.some((d) => d.id === query.department) ? query.department : undefined;
  const rows = await loadInbox(actor, { tab: query.tab, department }, directory);
  const unread = rows.reduce((sum, row) => sum + row.unread, 0);
  const tabLabel = TAB_LABELS[query.tab];

  return (
    <>
      <DocumentTitle title="Inbox" unread={unread} />
      <div className="c-page-head">
        <h1>Inbox</h1>
        <LiveRefresh conversationIds={rows.map((row) => row.id)} />
      </div>
      <InboxTabs query={{ tab: query.tab, department }} />
      {departments.length > 1 && (
        <DepartmentFilter
          departments={departments}
          selected={department}
          keep={{ tab: query.tab }}
          action="/console"
        />
      )}
      <ConversationTable
        rows={rows}
        caption={`${tabLabel} conversations`}
        now={getHub().now()}
        emptyText={`No ${tabLabel.toLowerCase()} conversations.`}
      />
    </>
  );
}
