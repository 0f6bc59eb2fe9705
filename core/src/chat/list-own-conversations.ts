import { AppError } from "../errors/app-error";
import { type TVisitorActor, ZVisitorActor } from "../rbac/actors";
import type { TConversation } from "../schemas/conversation";
import type { TChatDeps } from "./deps";

/** How many of their conversations a visitor's widget gets back. */
export const MAX_OWN_CONVERSATIONS = 50;

/**
 * The visitor's own conversations on the site of their session, newest activity first: what the
 * widget shows (and resumes) after a reload.
 */
export async function listOwnConversations(
  deps: TChatDeps,
  visitorActor: TVisitorActor,
): Promise<TConversation[]> {
  const actor = ZVisitorActor.safeParse(visitorActor);
  if (!actor.success) throw new AppError("resource.not_found", "Not found.");
  const { workspaceId, visitorId, siteId } = actor.data;
  const rows = await deps.store
    .scoped(workspaceId)
    .conversations.list({ visitorId, limit: MAX_OWN_CONVERSATIONS });
  return rows.filter((c) => c.siteId === siteId);
}
