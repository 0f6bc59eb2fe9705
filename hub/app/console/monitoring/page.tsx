import type { Metadata } from "next";
import { ConversationTable } from "../../../components/console/conversation-table";
import { LiveRefresh } from "../../../components/console/live-refresh";
import { requireArea } from "../../../lib/console/guard";
import { loadDirectory, loadLiveConversations } from "../../../lib/console/inbox";
import { getConsoleSession } from "../../../lib/console/session";
import { getHub } from "../../../lib/runtime";

export const metadata: Metadata = { title: "Monitoring · Tawkster" };

/** Managers and admins: every waiting or open conversation they oversee, kept live. */
export default async function MonitoringPage() {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "monitoring");
  const directory = await loadDirectory(actor);
  const rows = await loadLiveConversations(actor, directory);
  const waiting = rows.filter((r) => r.status === "waiting").length;
  return (
    <>
      <div className="c-page-head">
        <h1>Monitoring</h1>
        <LiveRefresh conversationIds={rows.map((row) => row.id)} />
      </div>
      <p>
        {rows.length} live conversation{rows.length === 1 ? "" : "s"}, {waiting} waiting for an agent.
      </p>
      <ConversationTable
        rows={rows}
        caption="Live conversations"
        now={getHub().now()}
        emptyText="No live conversations right now."
      />
    </>
  );
}
