import { z } from "zod";
import { workspaceOf } from "../chat/chat-actor";
import { parseInput } from "../chat/parse-input";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TAuditEvent } from "../schemas/audit-event";
import type { TWorkspaceDeps } from "./deps";

const STORE_PAGE = 1000;
/** How many store pages one filtered read scans before handing back a cursor. */
const MAX_SCANNED_PAGES = 20;

/** Input of `readAuditLog`: events after `afterSeq`, optionally only one action or one actor id. */
export const ZReadAuditLogInput = z.object({
  afterSeq: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(STORE_PAGE).optional(),
  action: z.string().min(1).max(100).optional(),
  actorId: z.string().min(1).max(200).optional(),
});
/** `ZReadAuditLogInput` as callers pass it, before validation. */
export type TReadAuditLogInput = z.input<typeof ZReadAuditLogInput>;

/** A page of the audit log; `nextAfterSeq` continues the scan (null: nothing more to read). */
export type TAuditLogPage = { events: TAuditEvent[]; nextAfterSeq: number | null };

/**
 * Reads the workspace's audit log in seq order (admins). Filters are applied while scanning, at
 * most 20,000 events per call: a page may come back short with a `nextAfterSeq` to go on from.
 */
export async function readAuditLog(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TReadAuditLogInput = {},
): Promise<TAuditLogPage> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "audit.read", { type: "workspace", workspaceId });
  const input = parseInput(ZReadAuditLogInput, raw);
  const limit = input.limit ?? 100;
  const isFiltered = input.action !== undefined || input.actorId !== undefined;
  const pageSize = isFiltered ? STORE_PAGE : limit;
  const audit = deps.store.scoped(workspaceId).audit;
  const events: TAuditEvent[] = [];
  let cursor = input.afterSeq ?? 0;
  for (let scanned = 0; scanned < MAX_SCANNED_PAGES; scanned++) {
    const page = await audit.list({ afterSeq: cursor, limit: pageSize });
    for (const event of page) {
      cursor = event.seq;
      const isMatch =
        (input.action === undefined || event.action === input.action) &&
        (input.actorId === undefined || event.actor.id === input.actorId);
      if (isMatch) events.push(event);
      if (events.length === limit) return { events, nextAfterSeq: cursor };
    }
    if (page.length < pageSize) return { events, nextAfterSeq: null };
  }
  return { events, nextAfterSeq: cursor };
}
