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

/** Whether shaping these messages needs members' display names (read from the store). */
function hasMemberAuthor(messages: readonly TMessage[]): boolean {
  for (const message of messages) if (message.author.type === "member") return true;
  return false;
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
  return shapeConsoleMessages(messages, visitorName, await readMemberNames(scope, messages));
}

/**
 * As `toConsoleMessages`, without waiting: null when a member wrote one of them (their name is
 * read from the store). Live delivery of a visitor's message takes this path, promise-free.
 */
export function toConsoleMessagesNow(
  messages: readonly TMessage[],
  visitorName: string | null,
): TConsoleMessage[] | null {
  return hasMemberAuthor(messages) ? null : shapeConsoleMessages(messages, visitorName, NO_NAMES);
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

function shapeConsoleMessages(
  messages: readonly TMessage[],
  visitorName: string | null,
  names: ReadonlyMap<string, string>,
): TConsoleMessage[] {
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
  return shapeWidgetMessages(messages, await readMemberNames(scope, messages));
}

/**
 * As `toWidgetMessages`, without waiting: null when a member wrote one of them (their name is
 * read from the store). A visitor's own message just stored, or delivered live, needs no name.
 */
export function toWidgetMessagesNow(messages: readonly TMessage[]): TWidgetMessage[] | null {
  return hasMemberAuthor(messages) ? null : shapeWidgetMessages(messages, NO_NAMES);
}

function shapeWidgetMessages(
  messages: readonly TMessage[],
  names: ReadonlyMap<string, string>,
): TWidgetMessage[] {
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
