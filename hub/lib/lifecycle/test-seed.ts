// Test support for the lifecycle suites (never imported by production code): visitors and
// conversations written through core's chat operations on a clock set in the past, so retention
// sees them as old as the test needs.
import { resolveVisitor, sendMessage, startConversation } from "@tawkster/core/chat";
import type { TVisitorActor } from "@tawkster/core/rbac";
import { authDepsOf } from "../auth/auth-deps";
import type { THub } from "../hub-context";

const DAY_MS = 86_400_000;

/** A moment `days` days before now. */
export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * DAY_MS);
}

/** Options of `seedVisitorChats`. */
export type TSeedChatsOptions = {
  workspaceId: string;
  siteId: string;
  departmentId: string;
  /** When the visitor was seen and every message was sent. */
  at: Date;
  identity?: { email: string; name: string; verified: boolean };
  /** One array of message bodies per conversation. */
  conversations: readonly (readonly string[])[];
};

/** A visitor with conversations, sealed by the real code at `at`; resolves with their actor and conversation ids. */
export async function seedVisitorChats(
  hub: THub,
  options: TSeedChatsOptions,
): Promise<{ visitor: TVisitorActor; conversationIds: string[] }> {
  const deps = { ...authDepsOf(hub), now: () => options.at };
  const { actor } = await resolveVisitor(deps, {
    site: { id: options.siteId, workspaceId: options.workspaceId },
    visitorId: null,
    identity: options.identity ?? null,
    ip: "198.51.100.23",
    consentFunctional: false,
  });
  const conversationIds: string[] = [];
  for (const bodies of options.conversations) {
    const conversation = await startConversation(deps, actor, { departmentId: options.departmentId });
    for (const body of bodies) await sendMessage(deps, actor, { conversationId: conversation.id, body });
    conversationIds.push(conversation.id);
  }
  return { visitor: actor, conversationIds };
}
