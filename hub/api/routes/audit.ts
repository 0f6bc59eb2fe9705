import { readAuditLog, verifyAuditLog } from "@tawkster/core/workspace";
import { z } from "zod";
import type { TRoute } from "../route";
import { limitParam, ZApiAuditEvent, ZSeqParam } from "./api-schemas";
import { memberRoute } from "./member-route";

const BASE = "/api/v1/audit";

const ZAuditQuery = z.strictObject({
  afterSeq: ZSeqParam.optional(),
  limit: limitParam(1000).optional(),
  action: z.string().min(1).max(100).optional(),
  actorId: z.string().min(1).max(200).optional(),
});

const ZVerifyResponse = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), count: z.number().int(), firstSeq: z.number().int().nullable() }),
  z.object({
    ok: z.literal(false),
    problem: z.enum(["tampered", "missing", "reordered", "broken-link"]),
    seq: z.number().int(),
    firstSeq: z.number().int().nullable(),
  }),
]);

/** The hash-chained audit log (admins): read by filters, verify end to end. */
export const AUDIT_ROUTES: readonly TRoute[] = [
  memberRoute({
    method: "GET",
    path: BASE,
    name: "audit.list",
    summary: "Audit events after `afterSeq`, optionally of one action or actor; `nextAfterSeq` continues.",
    query: ZAuditQuery,
    response: z.object({ events: z.array(ZApiAuditEvent), nextAfterSeq: z.number().int().nullable() }),
    handle: async ({ deps, actor, query }) =>
      readAuditLog(
        deps,
        actor,
        Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)),
      ),
  }),
  memberRoute({
    method: "GET",
    path: `${BASE}/verify`,
    name: "audit.verify",
    summary: "Verifies the whole chain; names the first edited, missing or reordered event.",
    response: ZVerifyResponse,
    handle: async ({ deps, actor }) => {
      const result = await verifyAuditLog(deps, actor);
      return result.ok
        ? { ok: true as const, count: result.count, firstSeq: result.firstSeq }
        : { ok: false as const, problem: result.problem, seq: result.seq, firstSeq: result.firstSeq };
    },
  }),
];
