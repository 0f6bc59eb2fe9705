import { AppError } from "../errors/app-error";
import type { TInstallationActor, TMemberActor, TVisitorActor } from "../rbac/actors";

/** Whoever takes part in a conversation: a visitor in the widget, a member in the console or a plugin. */
export type TChatActor = TMemberActor | TInstallationActor | TVisitorActor;

/** The member behind an agent-side actor (console or plugin), or null for a visitor. */
export function actingMemberOf(actor: TChatActor): TMemberActor | null {
  if (actor?.type === "member") return actor;
  if (actor?.type === "installation") return actor.member;
  return null;
}

/**
 * The workspace an actor acts in. Anything but a known actor type is refused as not found, the
 * same answer as for a resource it may not see.
 */
export function workspaceOf(actor: TChatActor | TMemberActor): string {
  const type: unknown = actor?.type;
  if ((type === "member" || type === "installation" || type === "visitor") && actor.workspaceId) {
    return actor.workspaceId;
  }
  throw new AppError("resource.not_found", "Not found.");
}
