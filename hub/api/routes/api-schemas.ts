import { ZResolvedPolicy } from "@tawkster/core/retention";
import {
  ZAuditEvent,
  ZConsoleMessage,
  ZConversation,
  ZDepartment,
  ZMember,
  ZPolicy,
  ZSite,
} from "@tawkster/core/schemas";
import { z } from "zod";

// The shapes the versioned API answers with: core's schemas with every Date as an ISO 8601 string
// (what JSON carries), so the OpenAPI document describes exactly what goes over the wire.

/** A time: a Date inside the hub, an ISO 8601 UTC string in JSON. */
export const ZApiTime = z
  .date()
  .transform((date) => date.toISOString())
  .pipe(z.iso.datetime());

/** A sequence number in a query string: digits only. */
export const ZSeqParam = z
  .string()
  .regex(/^\d{1,15}$/, "must be a non-negative integer")
  .transform(Number);

/** A page size in a query string. */
export function limitParam(max: number) {
  return z
    .string()
    .regex(/^\d{1,6}$/, "must be a positive integer")
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));
}

export const ZApiConversation = ZConversation.extend({
  createdAt: ZApiTime,
  lastActivityAt: ZApiTime,
  closedAt: ZApiTime.nullable(),
});

export const ZApiConversationSummary = z.object({
  conversation: ZApiConversation,
  visitorName: z.string().nullable(),
  visitorVerified: z.boolean(),
  unread: z.number().int().min(0),
  lastSeq: z.number().int().min(0),
});

/** A message as the API and the console show it (already masked per policy). */
export const ZApiMessage = ZConsoleMessage;

export const ZApiDepartment = ZDepartment.extend({ createdAt: ZApiTime });

export const ZApiMember = ZMember.extend({ createdAt: ZApiTime, lastSignInAt: ZApiTime.nullable() });

export const ZApiSite = ZSite.extend({ createdAt: ZApiTime });

export const ZApiPolicy = ZPolicy;

export const ZApiResolvedPolicy = ZResolvedPolicy;

export const ZApiAuditEvent = ZAuditEvent.extend({ at: ZApiTime });
