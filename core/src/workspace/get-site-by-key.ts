import { z } from "zod";
import { parseInput } from "../chat/parse-input";
import { ZSiteKey } from "../schemas/site";
import type { TWorkspaceDeps } from "./deps";

/** What the widget may learn about a site from its public key: nothing secret, nothing internal beyond ids. */
export type TPublicSite = {
  id: string;
  workspaceId: string;
  name: string;
  siteKey: string;
  allowedDomains: string[];
  consentMode: "essential" | "functional-with-consent";
  privacyPolicyUrl: string | null;
};

/**
 * The site a widget's key names, or null (unscoped: the widget's only lookup before it knows its
 * workspace). A malformed key is request.invalid. The hub checks the request's Origin against
 * `allowedDomains` before serving anything else; the ids are for the hub, not for the page.
 */
export async function getSiteByKey(deps: TWorkspaceDeps, siteKey: string): Promise<TPublicSite | null> {
  const key = parseInput(z.object({ siteKey: ZSiteKey }), { siteKey }).siteKey;
  const row = await deps.store.findSiteByKey(key);
  if (!row) return null;
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    siteKey: row.siteKey,
    allowedDomains: [...row.allowedDomains],
    consentMode: row.consentMode,
    privacyPolicyUrl: row.privacyPolicyUrl,
  };
}
