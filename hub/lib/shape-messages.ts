import type { TConsoleMessage, TConversation, TMessage } from "@tawkster/core/schemas";
import type { ScopedStore } from "@tawkster/core/store";
import type { TWidgetConversation, TWidgetMessage } from "@tawkster/core/widget";

// The one place messages are shaped for whoever reads them: the console (HTTP and realtime) and
// the widget (HTTP, realtime and the `sent` answer). Each shaper builds its objects field by field,
// so a frame carries exactly what the protocol names (send-frame.ts relies on it).

/** What the widget may know of a conversation: its id and status, nothing about agents or routing. */
export function toWidgetConversation(
  conversation: Pick<TConversation, "id" | "status">,
): TWidgetConversation {
  return { id: conversation.id, status: conversation.status };
}

/** Display names of the members who wrote some messages, read now, once each (a rename shows at once). */
async function readMemberNames(
  scope: ScopedStore,
  messages: readonly TMessage[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.author.type !== "member" || names.has(message.author.id)) continue;
    const member = await scope.members.get(message.author.id);
    if (member !== null) names.set(member.id, member.name);
  }
  return names;
}

/**
 * Messages as an agent's console shows them (bodies already masked by core's `listMessages`),
 * each with its author's name: the member's display name, or the visitor's name when known.
 */
export async function toConsoleMessages(
  scope: ScopedStore,
  messages: readonly TMessage[],
  visitorName: string | null,
): Promise<TConsoleMessage[]> {
  const names = await readMemberNames(scope, messages);
  return messages.map((message) => {
    const { author } = message;
    const id = author.type === "system" ? null : author.id;
    const name =
      author.type === "member"
        ? (names.get(author.id) ?? null)
        : author.type === "visitor"
          ? visitorName
          : null;
    return {
      id: message.id,
      seq: message.seq,
      author: { type: author.type, id, name },
      body: message.body,
      createdAt: message.createdAt.toISOString(),
    };
  });
}

/**
 * Messages as the visitor's widget shows them: "agent" for any member, with the member's display
 * name only (never their id or email); the visitor's own messages as "visitor", system ones as
 * "system".
 */
export async function toWidgetMessages(
  scope: ScopedStore,
  messages: readonly TMessage[],
): Promise<TWidgetMessage[]> {
  const names = await readMemberNames(scope, messages);
  return messages.map((message) => {
    const { author } = message;
    const base = {
      id: message.id,
      seq: message.seq,
      body: message.body,
      createdAt: message.createdAt.toISOString(),
    };
    if (author.type === "member")
      return { ...base, author: "agent", agentName: names.get(author.id) ?? null };
    return { ...base, author: author.type };
  });
}
