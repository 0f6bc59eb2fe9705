import { listMessages, MAX_MESSAGES_PAGE } from "@tawkster/core/chat";
import type { TMemberActor } from "@tawkster/core/rbac";
import type { TConsoleMessage, TConversation, TMessage } from "@tawkster/core/schemas";
import { getHub } from "../runtime";

/**
 * A whole transcript, as the member may see it (masked per policy). The first page is the audited
 * read (core's `listMessages` from the start); the following pages continue after it.
 */
export async function loadTranscript(
  actor: TMemberActor,
  conversationId: string,
): Promise<{ conversation: TConversation; messages: TMessage[] }> {
  const hub = getHub();
  const first = await listMessages(hub, actor, { conversationId });
  const messages = [...first.messages];
  let page = first.messages;
  while (page.length === MAX_MESSAGES_PAGE) {
    const last = page[page.length - 1];
    if (last === undefined) break;
    page = (await listMessages(hub, actor, { conversationId, afterSeq: last.seq })).messages;
    messages.push(...page);
  }
  return { conversation: first.conversation, messages };
}

/** A stored message in the shape the realtime protocol uses, with its author's display name. */
export function toConsoleMessage(
  message: TMessage,
  names: { memberName: (id: string | null) => string | null; visitorName: string | null },
): TConsoleMessage {
  const { author } = message;
  const name =
    author.type === "member"
      ? names.memberName(author.id)
      : author.type === "visitor"
        ? (names.visitorName ?? "Visitor")
        : "Tawkster";
  return {
    id: message.id,
    seq: message.seq,
    author: { type: author.type, id: author.type === "system" ? null : author.id, name },
    body: message.body,
    createdAt: message.createdAt.toISOString(),
  };
}
