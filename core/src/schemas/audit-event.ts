import { z } from "zod";
import { findSensitiveAuditKeys } from "../audit/sensitive-keys";
import { ZId, ZTimestamp } from "./common";

export const ZAuditActor = z.object({
  type: z.enum(["member", "visitor", "installation", "system", "anonymous"]),
  id: z.string().max(200).nullable(),
});

/** Details carry ids, counts and names of settings; never message text, PII or secrets. */
export const ZAuditDetails = z
  .record(
    z.string(),
    z.union([z.string().max(500), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(1000)]),
  )
  .superRefine((details, ctx) => {
    for (const key of findSensitiveAuditKeys(details)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: "must not carry message text, credentials or email",
      });
    }
  });

export const ZAuditEventInput = z.object({
  actor: ZAuditActor,
  action: z.string().regex(/^[a-z][a-z0-9_.-]{1,80}$/),
  resource: z.object({ type: z.string().min(1).max(60), id: z.string().max(200).nullable() }),
  outcome: z.enum(["success", "denied", "failure"]),
  details: ZAuditDetails,
});
export type TAuditEventInput = z.infer<typeof ZAuditEventInput>;

/** An audit event as stored: numbered and hash-chained to its predecessor in the workspace. */
export const ZAuditEvent = ZAuditEventInput.extend({
  id: ZId,
  workspaceId: ZId,
  seq: z.number().int().positive(),
  at: ZTimestamp,
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type TAuditEvent = z.infer<typeof ZAuditEvent>;
