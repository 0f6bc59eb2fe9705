import { ZErasureReceipt } from "@tawkster/core/lifecycle";
import { ZPlatform } from "@tawkster/core/schemas";
import { z } from "zod";

// What the privacy routes and console actions answer with: core's shapes with every Date as an
// ISO 8601 string, so the API, its OpenAPI document and the console agree on the wire format.

const ZApiTime = z
  .date()
  .transform((date) => date.toISOString())
  .pipe(z.iso.datetime());

/** One visitor an erasure (or an export) lookup found: counts and places, no content, no email. */
export const ZApiErasureCandidate = z.object({
  visitorId: z.uuid(),
  siteId: z.uuid(),
  siteName: z.string().nullable(),
  match: z.enum(["email-verified", "email-unverified", "visitor-id"]),
  identityVerified: z.boolean(),
  conversationCount: z.number().int().min(0),
  messageCount: z.number().int().min(0),
  lastSeenAt: ZApiTime,
  installations: z.array(z.object({ id: z.uuid(), platform: ZPlatform, name: z.string() })),
});
export type TApiErasureCandidate = z.output<typeof ZApiErasureCandidate>;

/** The answer of an erasure preview. */
export const ZApiErasurePreview = z.object({ visitors: z.array(ZApiErasureCandidate) });
export type TApiErasurePreview = z.output<typeof ZApiErasurePreview>;

/** An erasure receipt on the wire. */
export const ZApiErasureReceipt = ZErasureReceipt.extend({
  requestedAt: ZApiTime,
  unreadableAt: ZApiTime,
  completedAt: ZApiTime,
});
export type TApiErasureReceipt = z.output<typeof ZApiErasureReceipt>;
