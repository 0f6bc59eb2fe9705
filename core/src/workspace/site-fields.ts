import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";
import type { TCipherContext } from "../crypto/encrypt-field";
import type { TSite } from "../schemas/site";
import { ZAllowedDomain } from "../schemas/site";
import type { TSiteRow } from "../store/port";
import type { TWorkspaceDeps } from "./deps";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SITE_KEY_LENGTH = 24;

/** Allowed domains: lower-cased (host names are case-insensitive) and without duplicates. */
export const ZSiteDomains = z
  .array(ZAllowedDomain)
  .max(100)
  .transform((domains) => [...new Set(domains.map((d) => d.toLowerCase()))]);

/** A privacy policy link: http(s) only, so the widget never renders a `javascript:` link. */
export const ZPrivacyPolicyUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** A new public site key: `site_` and 24 base62 characters (about 143 bits), drawn without bias. */
export function generateSiteKey(): string {
  let key = "site_";
  // randomInt rejects out-of-range draws internally, so every character is equally likely.
  for (let i = 0; i < SITE_KEY_LENGTH; i++) key += BASE62[randomInt(BASE62.length)];
  return key;
}

/** A new identity-verification secret: 32 random bytes, base64url. */
export function generateIdentitySecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Where a site's secret is sealed: under the workspace key, bound to the site's row and column. */
export function siteSecretContext(workspaceId: string, keyId: string, siteId: string): TCipherContext {
  return { workspaceId, keyId, table: "sites", rowId: siteId, column: "identity_secret" };
}

/** Seals a site's identity secret under the workspace's current data key. */
export async function sealSiteSecret(
  deps: TWorkspaceDeps,
  workspaceId: string,
  siteId: string,
  secret: string,
): Promise<{ keyId: string; identitySecretCipher: Uint8Array }> {
  const keyId = await deps.vault.ensureKey({ workspaceId, purpose: "workspace", ownerId: null });
  const identitySecretCipher = await deps.vault.encrypt(
    siteSecretContext(workspaceId, keyId, siteId),
    secret,
  );
  return { keyId, identitySecretCipher };
}

/** A site as admins see it: everything but the sealed secret and its key. */
export function toSite(row: TSiteRow): TSite {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    siteKey: row.siteKey,
    allowedDomains: [...row.allowedDomains],
    consentMode: row.consentMode,
    privacyPolicyUrl: row.privacyPolicyUrl,
    defaultDepartmentId: row.defaultDepartmentId,
    createdAt: row.createdAt,
  };
}
