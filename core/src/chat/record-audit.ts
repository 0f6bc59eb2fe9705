import type { TInstallationActor, TMemberActor, TVisitorActor } from "../rbac/actors";
import type { TAuditEvent, TAuditEventInput } from "../schemas/audit-event";
import { currentTime, type TChatDeps } from "./deps";

/** Who to write into an audit event: an actor, or nobody identifiable (first-run setup). */
export type TAuditSubject = TMemberActor | TInstallationActor | TVisitorActor | null;

/**
 * Writes one successful audit event in the actor's workspace. Details must hold ids, counts and
 * names of fields only: the audit repo refuses keys that look like content, credentials or email.
 * A plugin's action is recorded as the installation, with the member it acted for in the details.
 */
export async function recordAudit(
  deps: TChatDeps,
  event: {
    workspaceId: string;
    actor: TAuditSubject;
    action: string;
    resource: TAuditEventInput["resource"];
    details?: TAuditEventInput["details"];
  },
): Promise<TAuditEvent> {
  // The operation's own details win over the channel's (`via`), which only says how it was reached.
  const details = { ...(deps.auditDetails ?? {}), ...(event.details ?? {}) };
  if (event.actor?.type === "installation") details.onBehalfOfMemberId = event.actor.member.memberId;
  return deps.store.scoped(event.workspaceId).audit.append(
    {
      actor: toAuditActor(event.actor),
      action: event.action,
      resource: event.resource,
      outcome: "success",
      details,
    },
    currentTime(deps),
  );
}

function toAuditActor(actor: TAuditSubject): TAuditEventInput["actor"] {
  if (actor === null) return { type: "anonymous", id: null };
  switch (actor.type) {
    case "member":
      return { type: "member", id: actor.memberId };
    case "installation":
      return { type: "installation", id: actor.installationId };
    case "visitor":
      return { type: "visitor", id: actor.visitorId };
  }
}
