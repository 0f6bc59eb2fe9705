import type { TMemberActor } from "@tawkster/core/rbac";
import type { TAuditEvent } from "@tawkster/core/schemas";
import { readAuditLog, type TAuditLogVerification, verifyAuditLog } from "@tawkster/core/workspace";
import { getHub } from "../runtime";

/** Events per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;
const WINDOW = 1000;
/** How far back one page looks for matches of a rare filter before offering "older". */
const MAX_WINDOWS = 50;

export type TAuditFilter = { action?: string; actorId?: string; before?: number };

export type TAuditPage = {
  events: TAuditEvent[];
  /** Where the next (older) page starts, or null at the beginning of the log. */
  olderBefore: number | null;
  verification: TAuditLogVerification;
};

/**
 * A page of the audit log, newest first, and whether the chain verifies (core's
 * `verifyAuditLog`). Core reads the log oldest first; this walks it backwards in windows of seqs
 * and filters by action and actor here (the admin may read every event: core authorized the read).
 */
export async function loadAuditPage(actor: TMemberActor, filter: TAuditFilter): Promise<TAuditPage> {
  const hub = getHub();
  const verification = await verifyAuditLog(hub, actor);
  const last =
    verification.ok && verification.firstSeq !== null
      ? verification.firstSeq + verification.count - 1
      : await findLastSeq(actor);
  let upper = Math.min(filter.before ?? Number.POSITIVE_INFINITY, last + 1);
  const events: TAuditEvent[] = [];
  for (let windows = 0; windows < MAX_WINDOWS && upper > 1 && events.length < AUDIT_PAGE_SIZE; windows++) {
    const start = Math.max(0, upper - 1 - WINDOW);
    const page = await readAuditLog(hub, actor, { afterSeq: start, limit: upper - 1 - start });
    const matches = page.events.filter((e) => e.seq < upper && matchesFilter(e, filter)).reverse();
    for (const event of matches) {
      if (events.length === AUDIT_PAGE_SIZE) break;
      events.push(event);
    }
    upper = events.length === AUDIT_PAGE_SIZE ? (events.at(-1)?.seq ?? start + 1) : start + 1;
  }
  return { events, olderBefore: upper > 1 ? upper : null, verification };
}

function matchesFilter(event: TAuditEvent, filter: TAuditFilter): boolean {
  return (
    (filter.action === undefined || event.action === filter.action) &&
    (filter.actorId === undefined || event.actor.id === filter.actorId)
  );
}

/** The newest event's seq, read forward (only when the chain does not verify and cannot say). */
async function findLastSeq(actor: TMemberActor): Promise<number> {
  let cursor = 0;
  for (;;) {
    const page = await readAuditLog(getHub(), actor, { afterSeq: cursor, limit: WINDOW });
    const last = page.events.at(-1);
    if (last === undefined) return cursor;
    cursor = last.seq;
    if (page.events.length < WINDOW) return cursor;
  }
}
