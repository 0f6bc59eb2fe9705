import { AppError } from "../errors/app-error";
import { type TMemberActor, type TSystemActor, type TVisitorActor, ZSystemActor } from "../rbac/actors";
import type { TAuditEventInput } from "../schemas/audit-event";
import { ZId } from "../schemas/common";

/**
 * A hub job acting in one workspace: erasure requests from the API or WordPress run as the
 * "erasure" job, the outbox as "outbox". System actors span workspaces, so the one a request is
 * for travels with it.
 */
export type TWorkspaceJobActor = TSystemActor & { workspaceId: string };

/** Who may ask for an erasure, an export or a report: a member (admins, by the role table) or a job. */
export type TPrivacyActor = TMemberActor | TWorkspaceJobActor;

/** Whoever may ask for a visitor's export: a privacy actor, or the visitor themself. */
export type TExportActor = TPrivacyActor | TVisitorActor;

/** The workspace an actor acts in; anything unrecognizable is "not found", like a resource it may not see. */
export function workspaceOfActor(actor: TExportActor): string {
  const type: unknown = actor?.type;
  const isKnown =
    type === "member" || type === "visitor" || (type === "system" && ZSystemActor.safeParse(actor).success);
  if (!isKnown || !ZId.safeParse(actor.workspaceId).success) {
    throw new AppError("resource.not_found", "Not found.");
  }
  return actor.workspaceId;
}

/** How an actor is written into an audit event (ids only). */
export function toAuditActor(actor: TExportActor): TAuditEventInput["actor"] {
  switch (actor.type) {
    case "member":
      return { type: "member", id: actor.memberId };
    case "visitor":
      return { type: "visitor", id: actor.visitorId };
    case "system":
      return { type: "system", id: actor.job };
  }
}
