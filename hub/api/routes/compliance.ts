import { buildAccessReview, buildComplianceReport, renderAccessReviewCsv } from "@tawkster/core/lifecycle";
import { z } from "zod";
import { ZApiAccessReview, ZApiComplianceReport } from "../../lib/lifecycle/compliance-schemas";
import { respond } from "../io";
import type { TRoute } from "../route";
import { memberFileRoute } from "./member-file-route";
import { memberRoute } from "./member-route";

const BASE = "/api/v1/compliance";

/** Admins: who has access (with CSV for a spreadsheet) and how the workspace meets GDPR, CCPA and HIPAA. */
export const COMPLIANCE_ROUTES: readonly TRoute[] = [
  memberFileRoute({
    method: "GET",
    path: `${BASE}/access-review`,
    name: "compliance.access-review",
    summary:
      "Every member with role, departments, 2FA, last sign-in and live sessions, flagging no 2FA and 90 days unused; `format=csv` answers a CSV file.",
    query: z.strictObject({ format: z.enum(["json", "csv"]).optional() }),
    response: ZApiAccessReview,
    handle: async ({ deps, actor, query }) => {
      const review = await buildAccessReview(deps, actor);
      if (query.format !== "csv") return respond(ZApiAccessReview, review);
      return new Response(renderAccessReviewCsv(review), {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="tawkster-access-review-${review.generatedAt.toISOString().slice(0, 10)}.csv"`,
          "Cache-Control": "no-store",
        },
      });
    },
  }),
  memberRoute({
    method: "GET",
    path: `${BASE}/report`,
    name: "compliance.report",
    summary:
      "Each GDPR, CCPA and HIPAA item met or needing attention, with the live state and the fix. It documents; it does not certify.",
    response: ZApiComplianceReport,
    handle: async ({ deps, actor, ctx }) =>
      buildComplianceReport(deps, actor, { now: ctx.hub.now(), publicUrl: ctx.hub.config.publicUrl }),
  }),
];
