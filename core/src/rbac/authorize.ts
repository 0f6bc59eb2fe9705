import { ACTION_RESOURCE_TYPES, type TAction, ZAction } from "./actions";
import {
  type TActor,
  type TInstallationActor,
  type TMemberActor,
  type TSystemActor,
  type TVisitorActor,
  ZActor,
} from "./actors";
import { type TResource, ZResource } from "./resources";
import {
  PLUGIN_ACTIONS,
  ROLE_GRANTS,
  ROLE_VISIBILITY,
  SYSTEM_JOB_ACTIONS,
  type TGrantCondition,
  VISITOR_ACTIONS,
} from "./role-table";

/** The answer to "may this actor do this action to this resource?". */
export type TDecision = { allowed: true } | { allowed: false; reason: "not-found" | "forbidden" };

const ALLOWED: TDecision = Object.freeze({ allowed: true });
// "not-found" is the default refusal: "forbidden" would confirm the resource exists, so it is only
// given to an actor who is allowed to know that.
const NOT_FOUND: TDecision = Object.freeze({ allowed: false, reason: "not-found" });
const FORBIDDEN: TDecision = Object.freeze({ allowed: false, reason: "forbidden" });

/**
 * Decides whether `actor` may do `action` to `resource`, by the role table (`role-table.ts`).
 * Deny by default: malformed input, an unknown action, an action on a resource type it does not
 * apply to, and any member who is not active are all refused.
 *
 * @example
 * const decision = authorize(actor, "conversation.reply", toConversationResource(conversation));
 * if (!decision.allowed) return decision.reason === "not-found" ? notFound() : forbidden();
 */
export function authorize(actor: TActor, action: TAction, resource: TResource): TDecision {
  // Callers are typed, but actors come from sessions and resources from rows: re-checking the shape
  // turns a missing field into a refusal instead of a rule that silently matches `undefined`.
  const parsedActor = ZActor.safeParse(actor);
  const parsedAction = ZAction.safeParse(action);
  const parsedResource = ZResource.safeParse(resource);
  if (!parsedActor.success || !parsedAction.success || !parsedResource.success) return NOT_FOUND;
  const [who, what, target] = [parsedActor.data, parsedAction.data, parsedResource.data];
  if (!ACTION_RESOURCE_TYPES[what].includes(target.type)) return NOT_FOUND;

  switch (who.type) {
    case "member":
      return decideForMember(who, what, target);
    case "installation":
      return decideForInstallation(who, what, target);
    case "visitor":
      return decideForVisitor(who, what, target);
    case "system":
      return decideForSystem(who, what);
    default:
      return NOT_FOUND;
  }
}

function decideForMember(member: TMemberActor, action: TAction, resource: TResource): TDecision {
  if (member.status !== "active") return NOT_FOUND;
  if (resource.workspaceId !== member.workspaceId) return NOT_FOUND;
  const visibleWhen = ROLE_VISIBILITY[member.role][resource.type];
  if (!meetsAny(member, resource, visibleWhen)) return NOT_FOUND;
  const grantedWhen = ROLE_GRANTS[member.role][action] ?? [];
  return meetsAny(member, resource, grantedWhen) ? ALLOWED : FORBIDDEN;
}

function decideForInstallation(
  installation: TInstallationActor,
  action: TAction,
  resource: TResource,
): TDecision {
  // A link to a member of another workspace is a broken installation; it acts for no one.
  if (installation.member.workspaceId !== installation.workspaceId) return NOT_FOUND;
  const asMember = decideForMember(installation.member, action, resource);
  if (asMember.allowed && !PLUGIN_ACTIONS.includes(action)) return FORBIDDEN;
  return asMember;
}

function decideForVisitor(visitor: TVisitorActor, action: TAction, resource: TResource): TDecision {
  if (resource.workspaceId !== visitor.workspaceId) return NOT_FOUND;
  const isOwn =
    (resource.type === "conversation" && resource.visitorId === visitor.visitorId) ||
    (resource.type === "visitor" && resource.id === visitor.visitorId);
  if (!isOwn) return NOT_FOUND;
  return VISITOR_ACTIONS.includes(action) ? ALLOWED : FORBIDDEN;
}

function decideForSystem(system: TSystemActor, action: TAction): TDecision {
  return SYSTEM_JOB_ACTIONS[system.job].includes(action) ? ALLOWED : FORBIDDEN;
}

function meetsAny(
  member: TMemberActor,
  resource: TResource,
  conditions: readonly TGrantCondition[],
): boolean {
  return conditions.some((condition) => meetsCondition(member, resource, condition));
}

function meetsCondition(member: TMemberActor, resource: TResource, condition: TGrantCondition): boolean {
  if (resource.workspaceId !== member.workspaceId) return false;
  switch (condition) {
    case "in-workspace":
      return true;
    case "in-my-departments":
      return isInMyDepartments(member, resource);
    case "assigned-to-me":
      return resource.type === "conversation" && resource.assigneeId === member.memberId;
    case "active-in-my-departments":
      return (
        resource.type === "conversation" && isActive(resource.status) && isInMyDepartments(member, resource)
      );
    case "unassigned-active-in-my-departments":
      return (
        resource.type === "conversation" &&
        resource.assigneeId === null &&
        isActive(resource.status) &&
        isInMyDepartments(member, resource)
      );
    case "myself":
      return resource.type === "member" && resource.id === member.memberId;
    default:
      return false;
  }
}

function isInMyDepartments(member: TMemberActor, resource: TResource): boolean {
  const departmentId =
    resource.type === "conversation"
      ? resource.departmentId
      : resource.type === "department"
        ? resource.id
        : null;
  return departmentId !== null && member.departmentIds.includes(departmentId);
}

function isActive(status: string): boolean {
  return status === "open" || status === "waiting";
}
