import { z } from "zod";
import { ZDisplayName, ZId, ZTimestamp } from "./common";

/** Public key the embed snippet carries; it identifies a site, it does not authorize anything. */
export const ZSiteKey = z.string().regex(/^site_[A-Za-z0-9]{20,40}$/, "must be a site key");

/**
 * An allowed domain: an exact host (`shop.example.com`), a wildcard for subdomains only
 * (`*.example.com`), optionally with a scheme and port (`http://localhost:3001`).
 */
export const ZAllowedDomain = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(/^(https?:\/\/)?(\*\.)?[^\s/*?#@]+(:\d{1,5})?$/, "must be a host name, optionally *.-prefixed");

export const ZConsentMode = z.enum(["essential", "functional-with-consent"]);

export const ZSite = z.object({
  id: ZId,
  workspaceId: ZId,
  name: ZDisplayName,
  siteKey: ZSiteKey,
  allowedDomains: z.array(ZAllowedDomain).max(100),
  consentMode: ZConsentMode,
  privacyPolicyUrl: z.url().max(2000).nullable(),
  defaultDepartmentId: ZId.nullable(),
  createdAt: ZTimestamp,
});
export type TSite = z.infer<typeof ZSite>;
