import { z } from "zod";
import { ZPiiKind, ZPolicySettings } from "../schemas/policy";

const settings = ZPolicySettings.shape;
const retention = settings.retention.unwrap().shape;
const redaction = settings.redaction.unwrap().shape;
const sessions = settings.sessions.unwrap().shape;

/** A policy with every field decided: what `resolvePolicy` returns for one department and site. */
export const ZResolvedPolicy = z.object({
  retention: z.object({
    /** `null`: kept until a policy says otherwise. */
    conversationDays: retention.conversationDays.unwrap(),
    visitorDays: retention.visitorDays.unwrap(),
    auditDays: retention.auditDays.unwrap(),
  }),
  legalHold: z.boolean(),
  redaction: z.object({ mode: redaction.mode.unwrap(), rules: z.record(ZPiiKind, z.boolean()) }),
  ipHandling: settings.ipHandling.unwrap(),
  twoFactor: settings.twoFactor.unwrap(),
  sessions: z.object({
    idleMinutes: sessions.idleMinutes.unwrap(),
    maxAgeHours: sessions.maxAgeHours.unwrap(),
  }),
});
export type TResolvedPolicy = z.infer<typeof ZResolvedPolicy>;

/**
 * The built-in layer under every workspace's policies. Nothing is deleted until a business decides
 * how long to keep it (deleting by default would destroy data nobody chose to give up); everything
 * that protects is on: PII masked on display, IPs anonymized, admins on a second factor, sessions
 * idle out after 30 minutes and end after 12 hours.
 */
export const DEFAULT_POLICY: TResolvedPolicy = deepFreeze({
  retention: { conversationDays: null, visitorDays: null, auditDays: null },
  legalHold: false,
  redaction: {
    mode: "mask-on-display",
    rules: { email: true, phone: true, card: true, iban: true, ssn: true },
  },
  ipHandling: "anonymize",
  twoFactor: { requiredRoles: ["admin"] },
  sessions: { idleMinutes: 30, maxAgeHours: 12 },
});

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value))
    if (child !== null && typeof child === "object") deepFreeze(child);
  return Object.freeze(value);
}
