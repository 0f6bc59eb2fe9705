import { z } from "zod";
import { ZId, ZRole } from "./common";

export const ZPolicyScope = z.discriminatedUnion("type", [
  z.object({ type: z.literal("workspace") }),
  z.object({ type: z.literal("department"), id: ZId }),
  z.object({ type: z.literal("site"), id: ZId }),
]);
export type TPolicyScope = z.infer<typeof ZPolicyScope>;

export const ZPiiKind = z.enum(["email", "phone", "card", "iban", "ssn"]);
export type TPiiKind = z.infer<typeof ZPiiKind>;

const days = z.number().int().min(1).max(3650);

/**
 * Policy settings. Every field is optional so a department or site can override only what it
 * needs; `resolvePolicy` fills the rest from the less specific scopes and the defaults.
 */
export const ZPolicySettings = z.object({
  retention: z
    .object({
      /** Days after a conversation's last activity before it and its messages are deleted. */
      conversationDays: days.nullable().optional(),
      /** Days after a visitor was last seen before their profile is deleted. */
      visitorDays: days.nullable().optional(),
      /** Days audit events are kept. */
      auditDays: days.nullable().optional(),
    })
    .optional(),
  legalHold: z.boolean().optional(),
  redaction: z
    .object({
      mode: z.enum(["off", "mask-before-storage", "mask-on-display"]).optional(),
      rules: z.partialRecord(ZPiiKind, z.boolean()).optional(),
    })
    .optional(),
  ipHandling: z.enum(["anonymize", "none"]).optional(),
  twoFactor: z.object({ requiredRoles: z.array(ZRole) }).optional(),
  sessions: z
    .object({
      idleMinutes: z.number().int().min(5).max(1440).optional(),
      maxAgeHours: z.number().int().min(1).max(720).optional(),
    })
    .optional(),
});
export type TPolicySettings = z.infer<typeof ZPolicySettings>;

export const ZPolicy = z.object({
  workspaceId: ZId,
  scope: ZPolicyScope,
  settings: ZPolicySettings,
});
export type TPolicy = z.infer<typeof ZPolicy>;
