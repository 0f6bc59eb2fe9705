import { ZAllowedDomain, ZConsentMode, ZDisplayName, ZSiteKey } from "@tawkster/core/schemas";
import { addSite, listSites, revealSiteSecret, rotateSiteSecret, updateSite } from "@tawkster/core/workspace";
import { z } from "zod";
import { resolveHubBaseUrl } from "../../lib/hub-context";
import type { TRoute } from "../route";
import { ZApiSite } from "./api-schemas";
import { buildEmbedSnippet } from "./embed-snippet";
import { memberRoute } from "./member-route";

const BASE = "/api/v1/sites";

const ZPrivacyUrl = z.url({ protocol: /^https?$/ }).max(2000);
const ZSiteFields = {
  name: ZDisplayName,
  allowedDomains: z.array(ZAllowedDomain).min(1).max(100),
  consentMode: ZConsentMode.optional(),
  privacyPolicyUrl: ZPrivacyUrl.nullable().optional(),
  defaultDepartmentId: z.string().max(200).nullable().optional(),
};
const ZCreateBody = z.strictObject(ZSiteFields);
const ZUpdateBody = z
  .strictObject({
    ...ZSiteFields,
    name: ZDisplayName.optional(),
    allowedDomains: ZSiteFields.allowedDomains.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "name at least one field to change");

/** A new site with what the admin must copy now: the key, the snippet and the identity secret. */
const ZCreatedSiteResponse = z.object({
  site: ZApiSite,
  siteKey: ZSiteKey,
  embedSnippet: z.string(),
  identitySecret: z.string(),
});
const ZSecretResponse = z.object({ identitySecret: z.string() });
const ZRotatedSecretResponse = z.object({ site: ZApiSite, identitySecret: z.string() });

/** Sites (widget installations): admins only; secrets leave only through create, reveal and rotate. */
export const SITE_ROUTES: readonly TRoute[] = [
  memberRoute({
    method: "GET",
    path: BASE,
    name: "sites.list",
    summary: "Every site of the workspace, without secrets (admins).",
    response: z.object({ sites: z.array(ZApiSite) }),
    handle: async ({ deps, actor }) => ({ sites: await listSites(deps, actor) }),
  }),
  memberRoute({
    method: "POST",
    path: BASE,
    name: "sites.create",
    summary: "Adds a site (admins); answers its key, embed snippet and identity secret (shown in full now).",
    body: ZCreateBody,
    response: ZCreatedSiteResponse,
    status: 201,
    handle: async ({ deps, actor, body, ctx }) => {
      const { site, identitySecret } = await addSite(deps, actor, {
        name: body.name,
        allowedDomains: body.allowedDomains,
        ...(body.consentMode !== undefined && { consentMode: body.consentMode }),
        ...(body.privacyPolicyUrl !== undefined && { privacyPolicyUrl: body.privacyPolicyUrl }),
        ...(body.defaultDepartmentId !== undefined && { defaultDepartmentId: body.defaultDepartmentId }),
      });
      const embedSnippet = buildEmbedSnippet(resolveHubBaseUrl(ctx.hub.config), site.siteKey);
      return { site, siteKey: site.siteKey, embedSnippet, identitySecret };
    },
  }),
  memberRoute({
    method: "PATCH",
    path: `${BASE}/:id`,
    name: "sites.update",
    summary: "Changes a site's name, domains, consent mode, privacy link or default department (admins).",
    body: ZUpdateBody,
    response: z.object({ site: ZApiSite }),
    handle: async ({ deps, actor, params, body }) => {
      const patch = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
      return { site: await updateSite(deps, actor, { ...patch, siteId: params.id ?? "" }) };
    },
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/:id/secret/reveal`,
    name: "sites.secret.reveal",
    summary: "Shows a site's identity secret again (admins; audited).",
    response: ZSecretResponse,
    handle: async ({ deps, actor, params }) => revealSiteSecret(deps, actor, { siteId: params.id ?? "" }),
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/:id/secret/rotate`,
    name: "sites.secret.rotate",
    summary: "Replaces a site's identity secret (admins; audited); the old one stops verifying at once.",
    response: ZRotatedSecretResponse,
    handle: async ({ deps, actor, params }) => rotateSiteSecret(deps, actor, { siteId: params.id ?? "" }),
  }),
];
