import { z } from "zod";
import { ZId, ZTimestamp } from "../schemas/common";
import { ZPlatform } from "../schemas/installation";

/** A caller's own id for an erasure request (WordPress's request id, an API idempotency key). */
export const ZErasureRequestId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,100}$/, "must be 1-100 letters, digits or ._:-");

/** Where an erasure request came from. */
export const ZErasureSource = z.enum(["console", "api", "wordpress", "cli"]);

/** Proof of an erasure: what went (ids and counts), where, when, at whose request. Never content, never the email. */
export const ZErasureReceipt = z.strictObject({
  id: ZId,
  requestId: ZErasureRequestId.nullable(),
  source: ZErasureSource,
  actor: z.strictObject({ type: z.enum(["member", "system"]), id: z.string().max(200).nullable() }),
  visitorIds: z.array(ZId),
  conversationIds: z.array(ZId),
  siteIds: z.array(ZId),
  installations: z.array(z.strictObject({ id: ZId, platform: ZPlatform })),
  counts: z.strictObject({
    visitors: z.number().int().min(0),
    conversations: z.number().int().min(0),
    messages: z.number().int().min(0),
    readMarkers: z.number().int().min(0),
    keysDestroyed: z.number().int().min(0),
    outboxQueued: z.number().int().min(0),
  }),
  requestedAt: ZTimestamp,
  unreadableAt: ZTimestamp,
  completedAt: ZTimestamp,
});
/** An erasure receipt (see ZErasureReceipt). */
export type TErasureReceipt = z.infer<typeof ZErasureReceipt>;
