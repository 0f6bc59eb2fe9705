import { getConversationVisitor, type TConversationVisitor } from "@tawkster/core/chat";
import { isAppError } from "@tawkster/core/errors";
import { listMembers } from "@tawkster/core/workspace";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ConversationView } from "../../../../components/console/conversation-view";
import { VisitorPanel } from "../../../../components/console/visitor-panel";
import { orNotFound } from "../../../../lib/console/guard";
import { loadDirectory } from "../../../../lib/console/inbox";
import { loadTranscript, toConsoleMessage } from "../../../../lib/console/messages";
import { getConsoleSession } from "../../../../lib/console/session";
import { getHub } from "../../../../lib/runtime";

export const metadata: Metadata = { title: "Conversation · Tawkster" };

type TProps = { params: Promise<{ id: string }> };

/**
 * One conversation. Opening it is core's audited transcript read; a conversation the member may
 * not read (another department, another workspace, or none at all) is the 404 page, and core
 * records the refusal.
 */
export default async function ConversationPage({ params }: TProps) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { actor, name } = await getConsoleSession();
  const hub = getHub();

  let transcript: Awaited<ReturnType<typeof loadTranscript>>;
  let visitor: TConversationVisitor;
  try {
    transcript = await orNotFound(() => loadTranscript(actor, id));
    visitor = await orNotFound(() => getConversationVisitor(hub, actor, { conversationId: id }));
  } catch (error) {
    if (isAppError(error) && error.code === "resource.gone") return <Erased />;
    throw error;
  }
  const [directory, members] = await Promise.all([loadDirectory(actor), listMembers(hub, actor)]);
  const { conversation } = transcript;
  const visitorLabel = visitor.name ?? "Visitor";

  // The view renders the page's heading too, so it can take the visitor's name away with the rest
  // if the conversation is deleted while open.
  return (
    <ConversationView
      actor={actor}
      myName={name}
      visitorLabel={visitorLabel}
      initialState={{
        id: conversation.id,
        status: conversation.status,
        assigneeId: conversation.assigneeId,
        departmentId: conversation.departmentId,
        visitorId: conversation.visitorId,
      }}
      initialMessages={transcript.messages.map((m) =>
        toConsoleMessage(m, { memberName: directory.memberName, visitorName: visitor.name }),
      )}
      members={members.map((m) => ({
        id: m.id,
        name: m.name,
        role: m.role,
        departmentIds: m.departmentIds,
        isActive: m.status === "active",
      }))}
      departments={directory.departments.map((d) => ({ id: d.id, name: d.name }))}
      visitorPanel={<VisitorPanel visitor={visitor} />}
    />
  );
}

function Erased() {
  return (
    <section aria-labelledby="erased-heading">
      <h1 id="erased-heading">Conversation erased</h1>
      <p>This conversation's visitor was erased, so its messages can no longer be read.</p>
      <p>
        <Link href="/console">Back to the inbox</Link>
      </p>
    </section>
  );
}
