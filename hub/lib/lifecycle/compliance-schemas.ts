import { ZMemberStatus, ZRole } from "@tawkster/core/schemas";
import { z } from "zod";

// The access review and the compliance report on the wire (API and console): core's shapes with
// Dates as ISO 8601 strings.

const ZApiTime = z
  .date()
  .transform((date) => date.toISOString())
  .pipe(z.iso.datetime());

export const ZApiAccessReviewFlag = z.enum([
  "no-2fa",
  "unused-90-days",
  "invited-never-signed-in",
  "deactivated-with-sessions",
]);

/** A workspace's access review: every member, their access and what deserves a second look. */
export const ZApiAccessReview = z.object({
  generatedAt: ZApiTime,
  members: z.array(
    z.object({
      memberId: z.uuid(),
      name: z.string(),
      email: z.string(),
      role: ZRole,
      departments: z.array(z.string()),
      status: ZMemberStatus,
      twoFactorEnabled: z.boolean(),
      lastSignInAt: ZApiTime.nullable(),
      activeSessionCount: z.number().int().min(0),
      flags: z.array(ZApiAccessReviewFlag),
    }),
  ),
  counts: z.object({
    members: z.number().int().min(0),
    active: z.number().int().min(0),
    withTwoFactor: z.number().int().min(0),
    flagged: z.number().int().min(0),
  }),
});
export type TApiAccessReview = z.output<typeof ZApiAccessReview>;

/** A compliance report: each item met or needing attention, with its live state and fix. */
export const ZApiComplianceReport = z.object({
  generatedAt: ZApiTime,
  workspaceName: z.string(),
  disclaimer: z.string(),
  sections: z.array(
    z.object({
      framework: z.enum(["GDPR", "CCPA", "HIPAA"]),
      reference: z.string(),
      title: z.string(),
      items: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          state: z.string(),
          status: z.enum(["met", "needs-attention"]),
          fix: z.string().nullable(),
        }),
      ),
    }),
  ),
  summary: z.object({ met: z.number().int().min(0), needsAttention: z.number().int().min(0) }),
});
export type TApiComplianceReport = z.output<typeof ZApiComplianceReport>;
