import { currentTime } from "../chat/deps";
import type { TAuditEventInput } from "../schemas/audit-event";
import type { TAuthDeps } from "./deps";

/**
 * Writes one audit event of sign-in and session handling, of any outcome. The actor is the member
 * when known, else "anonymous"; details carry ids and reasons, never an email, password or code.
 */
export async function recordAuthAudit(
  deps: TAuthDeps,
  event: {
    workspaceId: string;
    memberId: string | null;
    action: string;
    resource: TAuditEventInput["resource"];
    outcome: TAuditEventInput["outcome"];
    details?: TAuditEventInput["details"];
  },
): Promise<void> {
  await deps.store.scoped(event.workspaceId).audit.append(
    {
      actor:
        event.memberId === null ? { type: "anonymous", id: null } : { type: "member", id: event.memberId },
      action: event.action,
      resource: event.resource,
      outcome: event.outcome,
      details: event.details ?? {},
    },
    currentTime(deps),
  );
}
