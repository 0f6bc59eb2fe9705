import type { TConversationStatus } from "../schemas/conversation";
import type { TActor, TMemberActor } from "./actors";
import { authorize } from "./authorize";
import type { TConversationResource } from "./resources";
import { ROLE_VISIBILITY, type TGrantCondition } from "./role-table";

/** One conjunctive filter over conversations (every field present must match); shaped like the store's filter. */
export type TConversationClause = {
  departmentIds?: string[];
  statuses?: TConversationStatus[];
  assigneeId?: string | null;
};

/** Which conversations an actor's list may show: the union of `anyOf`, within `workspaceId`. */
export type TConversationScope =
  | { canList: false }
  | { canList: true; workspaceId: string; anyOf: TConversationClause[] };

const ACTIVE_STATUSES: TConversationStatus[] = ["open", "waiting"];

/**
 * The conversation list filter that matches exactly what `authorize(actor, "conversation.read", …)`
 * allows, derived from the same role table, so a list never shows a row that opening would refuse.
 * Run one store query per clause and merge by id.
 *
 * @example
 * const scope = scopeConversations(actor);
 * const rows = scope.canList ? await listUnion(store.scoped(scope.workspaceId), scope.anyOf) : [];
 */
export function scopeConversations(actor: TActor): TConversationScope {
  const member = actor.type === "member" ? actor : actor.type === "installation" ? actor.member : null;
  if (member === null) return { canList: false };
  const listing = authorize(actor, "conversation.list", {
    type: "workspace",
    workspaceId: member.workspaceId,
  });
  if (!listing.allowed) return { canList: false };
  const anyOf = ROLE_VISIBILITY[member.role].conversation.flatMap((condition) =>
    toClauses(member, condition),
  );
  return { canList: true, workspaceId: member.workspaceId, anyOf };
}

/** Whether a conversation falls inside a scope (for in-memory filtering and for tests). */
export function matchesConversationScope(
  scope: TConversationScope,
  conversation: TConversationResource,
): boolean {
  if (!scope.canList || conversation.workspaceId !== scope.workspaceId) return false;
  return scope.anyOf.some(
    (clause) =>
      (clause.departmentIds === undefined || clause.departmentIds.includes(conversation.departmentId)) &&
      (clause.statuses === undefined || clause.statuses.includes(conversation.status)) &&
      (clause.assigneeId === undefined || clause.assigneeId === conversation.assigneeId),
  );
}

function toClauses(member: TMemberActor, condition: TGrantCondition): TConversationClause[] {
  const departmentIds = [...member.departmentIds];
  // A clause over no department matches nothing; leaving it out keeps the queries honest.
  const hasDepartments = departmentIds.length > 0;
  switch (condition) {
    case "in-workspace":
      return [{}];
    case "in-my-departments":
      return hasDepartments ? [{ departmentIds }] : [];
    case "active-in-my-departments":
      return hasDepartments ? [{ departmentIds, statuses: [...ACTIVE_STATUSES] }] : [];
    case "unassigned-active-in-my-departments":
      return hasDepartments ? [{ departmentIds, statuses: [...ACTIVE_STATUSES], assigneeId: null }] : [];
    case "assigned-to-me":
      return [{ assigneeId: member.memberId }];
    default:
      // Conditions that never match a conversation ("myself") add nothing, which can only narrow.
      return [];
  }
}
