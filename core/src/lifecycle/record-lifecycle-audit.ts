import type { TAuditEvent, TAuditEventInput } from "../schemas/audit-event";
import type { TLifecycleDeps } from "./deps";

/**
 * Appends one audit event in a workspace, with the deps' channel details (`via`) under the
 * operation's own. Details hold ids, counts and setting names only: the audit repo refuses keys
 * that look like content, credentials or email.
 */
export async function recordLifecycleAudit(
  deps: TLifecycleDeps,
  event: {
    workspaceId: string;
    actor: TAuditEventInput["actor"];
    action: string;
    resource: TAuditEventInput["resource"];
    outcome?: TAuditEventInput["outcome"];
    details: TAuditEventInput["details"];
    at: Date;
  },
): Promise<TAuditEvent> {
  return deps.store.scoped(event.workspaceId).audit.append(
    {
      actor: event.actor,
      action: event.action,
      resource: event.resource,
      outcome: event.outcome ?? "success",
      details: { ...(deps.auditDetails ?? {}), ...event.details },
    },
    event.at,
  );
}
