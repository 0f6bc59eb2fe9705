import { z } from "zod";
import { ZDisplayName, ZEmail, ZId, ZTimestamp } from "./common";

export const ZConsent = z.object({
  functional: z.boolean(),
  updatedAt: ZTimestamp.nullable(),
});
export type TConsent = z.infer<typeof ZConsent>;

/** A person on a site. Email, name and IP are PII: stored only encrypted under the visitor's own key. */
export const ZVisitor = z.object({
  id: ZId,
  workspaceId: ZId,
  siteId: ZId,
  email: ZEmail.nullable(),
  name: ZDisplayName.nullable(),
  identityVerified: z.boolean(),
  /** Already anonymized (or null when policy stores no IP). */
  ip: z.string().max(64).nullable(),
  consent: ZConsent,
  createdAt: ZTimestamp,
  lastSeenAt: ZTimestamp,
});
export type TVisitor = z.infer<typeof ZVisitor>;
