import { AppError } from "../errors/app-error";
import type { TAction } from "../rbac/actions";
import { toConversationResource } from "../rbac/resources";
import type { TConversation } from "../schemas/conversation";
import { assertAuthorizedAudited } from "./assert-authorized-audited";
import { type TChatActor, workspaceOf } from "./chat-actor";
import type { TChatDeps } from "./deps";

/**
 * Loads a conversation of the actor's workspace and authorizes `action` on it. Another workspace's
 * id and a conversation the actor may not know of both answer resource.not_found, so the answer
 * never tells which. A refusal of a conversation that exists is audited as "denied".
 */
export async function loadAuthorizedConversation(
  deps: TChatDeps,
  actor: TChatActor,
  action: TAction,
  conversationId: string,
): Promise<TConversation> {
  const conversation = await deps.store.scoped(workspaceOf(actor)).conversations.get(conversationId);
  if (!conversation) throw new AppError("resource.not_found", "Not found.");
  await assertAuthorizedAudited(deps, actor, action, toConversationResource(conversation));
  return conversation;
}

/**
 * `loadAuthorizedConversation` for a send: the conversation comes with its visitor's data key id
 * (null when the visitor is gone), read in the same statement. Same answers and audit on refusal.
 */
export async function loadAuthorizedConversationWithVisitorKey(
  deps: TChatDeps,
  actor: TChatActor,
  action: TAction,
  conversationId: string,
): Promise<{ conversation: TConversation; visitorKeyId: string | null }> {
  const found = await deps.store.scoped(workspaceOf(actor)).conversations.getWithVisitorKey(conversationId);
  if (!found) throw new AppError("resource.not_found", "Not found.");
  await assertAuthorizedAudited(deps, actor, action, toConversationResource(found.conversation));
  return found;
}
