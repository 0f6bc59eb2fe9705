import type { TConversation, TMessage } from "@tawkster/core/schemas";
import type { TWidgetConversation, TWidgetMessage } from "@tawkster/core/widget";
import type { THub } from "../hub-context";

/** What the widget may know of a conversation: its id and status, nothing about agents or routing. */
export function toWidgetConversation(
  conversation: Pick<TConversation, "id" | "status">,
): TWidgetConversation {
  return { id: conversation.id, status: conversation.status };
}

/**
 * Messages as the visitor sees them: who wrote each as visitor, agent or system, and for agents
 * their display name only (never a member id or email). Member names are looked up once per call.
 */
export async function toWidgetMessages(
  hub: THub,
  workspaceId: string,
  messages: readonly TMessage[],
): Promise<TWidgetMessage[]> {
  const names = new Map<string, string | null>();
  const scope = hub.store.scoped(workspaceId);
  const result: TWidgetMessage[] = [];
  for (const message of messages) {
    const base = {
      id: message.id,
      seq: message.seq,
      body: message.body,
      createdAt: message.createdAt.toISOString(),
    };
    if (message.author.type === "member") {
      const memberId = message.author.id;
      if (!names.has(memberId)) names.set(memberId, (await scope.members.get(memberId))?.name ?? null);
      result.push({ ...base, author: "agent", agentName: names.get(memberId) ?? null });
    } else {
      result.push({ ...base, author: message.author.type });
    }
  }
  return result;
}
