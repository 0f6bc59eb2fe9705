import {
  eraseVisitors,
  exportVisitor,
  findVisitors,
  findVisitorsForErasure,
  getErasureReceipt,
  ZErasureRequestId,
  ZVisitorExport,
} from "@tawkster/core/lifecycle";
import { z } from "zod";
import { EXPORT_FORMATS, toExportFileResponse } from "../../lib/lifecycle/export-file";
import { ZExportStreamLine } from "../../lib/lifecycle/export-stream-line";
import { readHeldExport } from "../../lib/lifecycle/held-exports";
import { ZApiErasurePreview, ZApiErasureReceipt } from "../../lib/lifecycle/privacy-schemas";
import { streamVisitorExport } from "../../lib/lifecycle/stream-visitor-export";
import { respond } from "../io";
import type { TRoute } from "../route";
import { memberFileRoute } from "./member-file-route";
import { memberRoute } from "./member-route";

const BASE = "/api/v1/privacy";

/** Who to look for: an email address (through the keyed blind index) or a visitor id. */
const ZLookupBody = z.union([
  z.strictObject({ email: z.email("must be an email address").max(254) }),
  z.strictObject({ visitorId: z.uuid() }),
]);
const ZEraseBody = z.strictObject({
  visitorIds: z.array(z.uuid()).min(1).max(100),
  /** The caller's id for the request: a repeat answers with the first receipt instead of erasing again. */
  requestId: ZErasureRequestId.optional(),
});
const ZVisitorBody = z.strictObject({ visitorId: z.uuid() });
const ZFormatQuery = z.strictObject({ format: z.enum(EXPORT_FORMATS).optional() });
const ZReceiptQuery = z.strictObject({ download: z.literal("1").optional() });

/**
 * Privacy requests (admins; the WordPress plugin will call the erasure routes once it has its own
 * credentials): right to be forgotten — preview, erase (key first), receipt — and right of access
 * — find the visitor, export as JSON or a readable HTML page, directly or with streamed progress.
 * Core authorizes and audits every one of them (each lookup with its purpose, export or erasure).
 */
export const PRIVACY_ROUTES: readonly TRoute[] = [
  memberRoute({
    method: "POST",
    path: `${BASE}/erasure/preview`,
    name: "privacy.erasure.preview",
    summary:
      "Visitors an erasure by email or visitor id would reach, each flagged verified or claimed, with counts, sites and plugin copies. Changes nothing.",
    body: ZLookupBody,
    response: ZApiErasurePreview,
    handle: async ({ deps, actor, body }) => findVisitorsForErasure(deps, actor, body),
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/erasure`,
    name: "privacy.erasure.create",
    summary:
      "Erases visitors for good: their key first (unreadable at once, backups included), then their rows; plugins are asked to delete their copies. Answers the receipt.",
    body: ZEraseBody,
    response: ZApiErasureReceipt,
    status: 201,
    handle: async ({ deps, actor, body }) =>
      eraseVisitors(deps, actor, {
        visitorIds: body.visitorIds,
        source: "api",
        ...(body.requestId !== undefined && { requestId: body.requestId }),
      }),
  }),
  memberFileRoute({
    method: "GET",
    path: `${BASE}/erasure/:receiptId`,
    name: "privacy.erasure.receipt",
    summary: "An erasure receipt: ids, counts and times, never content. `download=1` answers it as a file.",
    query: ZReceiptQuery,
    response: ZApiErasureReceipt,
    handle: async ({ deps, actor, params, query }) => {
      const receipt = await getErasureReceipt(deps, actor, { receiptId: params.receiptId ?? "" });
      const response = respond(ZApiErasureReceipt, receipt);
      if (query.download === "1") {
        response.headers.set(
          "Content-Disposition",
          `attachment; filename="tawkster-erasure-${receipt.id}.json"`,
        );
      }
      return response;
    },
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/export/preview`,
    name: "privacy.export.preview",
    summary:
      "Visitors an export by email or visitor id would concern, each flagged verified or claimed, with counts and sites. Audited as a lookup for an export; changes nothing.",
    body: ZLookupBody,
    response: ZApiErasurePreview,
    handle: async ({ deps, actor, body }) => findVisitors(deps, actor, body, { purpose: "export" }),
  }),
  memberFileRoute({
    method: "POST",
    path: `${BASE}/export`,
    name: "privacy.export",
    summary:
      "Everything held about one visitor, as a JSON file (tawkster.visitor-export v1) or, with `format=html`, a readable page that runs no script.",
    body: ZVisitorBody,
    query: ZFormatQuery,
    response: ZVisitorExport,
    handle: async ({ deps, actor, body, query }) =>
      toExportFileResponse(await exportVisitor(deps, actor, body), query.format ?? "json"),
  }),
  memberFileRoute({
    method: "POST",
    path: `${BASE}/export/stream`,
    name: "privacy.export.stream",
    summary:
      "Runs an export and streams its progress as NDJSON: `progress` lines (one per conversation), then `done` with an export id to download within 10 minutes, or `error`.",
    body: ZVisitorBody,
    response: ZExportStreamLine,
    handle: async ({ deps, actor, body, ctx }) => streamVisitorExport(ctx.hub, deps, actor, body.visitorId),
  }),
  memberFileRoute({
    method: "GET",
    path: `${BASE}/export/:exportId`,
    name: "privacy.export.download",
    summary:
      "Downloads a streamed export (its creator only, within 10 minutes) as JSON or, with `format=html`, HTML.",
    query: ZFormatQuery,
    response: ZVisitorExport,
    handle: async ({ actor, params, query, ctx }) =>
      toExportFileResponse(readHeldExport(ctx.hub, actor, params.exportId ?? ""), query.format ?? "json"),
  }),
];
