import { z } from "zod";
import { workspaceOf } from "../chat/chat-actor";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import { ZDisplayName } from "../schemas/common";
import { type TSite, ZConsentMode } from "../schemas/site";
import type { TSiteRow } from "../store/port";
import type { TWorkspaceDeps } from "./deps";
import { toSite, ZPrivacyPolicyUrl, ZSiteDomains } from "./site-fields";

/** Input of `updateSite`: only the fields present change. */
export const ZUpdateSiteInput = z.object({
  siteId: z.string().max(200),
  name: ZDisplayName.optional(),
  allowedDomains: ZSiteDomains.optional(),
  consentMode: ZConsentMode.optional(),
  privacyPolicyUrl: ZPrivacyPolicyUrl.nullable().optional(),
  defaultDepartmentId: z.string().max(200).nullable().optional(),
});
/** `ZUpdateSiteInput` as callers pass it, before validation. */
export type TUpdateSiteInput = z.input<typeof ZUpdateSiteInput>;

type TSitePatch = Partial<
  Pick<TSiteRow, "name" | "allowedDomains" | "consentMode" | "privacyPolicyUrl" | "defaultDepartmentId">
>;

/**
 * Changes a site's name, allowed domains, consent mode, privacy link or default department
 * (admins). Audited with the names of the fields that really changed; nothing changed, nothing
 * written.
 */
export async function updateSite(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TUpdateSiteInput,
): Promise<TSite> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "site.manage", { type: "workspace", workspaceId });
  const input = parseInput(ZUpdateSiteInput, raw);
  const scope = deps.store.scoped(workspaceId);
  const site = await scope.sites.get(input.siteId);
  if (!site) throw new AppError("resource.not_found", "Not found.");
  if (
    input.defaultDepartmentId !== undefined &&
    input.defaultDepartmentId !== null &&
    !(await scope.departments.get(input.defaultDepartmentId))
  ) {
    throw new AppError("request.invalid", "defaultDepartmentId: no such department.");
  }

  const patch: TSitePatch = {};
  const wanted: TSitePatch = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.allowedDomains !== undefined && { allowedDomains: input.allowedDomains }),
    ...(input.consentMode !== undefined && { consentMode: input.consentMode }),
    ...(input.privacyPolicyUrl !== undefined && { privacyPolicyUrl: input.privacyPolicyUrl }),
    ...(input.defaultDepartmentId !== undefined && { defaultDepartmentId: input.defaultDepartmentId }),
  };
  for (const [field, value] of Object.entries(wanted) as [keyof TSitePatch, unknown][]) {
    if (JSON.stringify(site[field]) !== JSON.stringify(value)) Object.assign(patch, { [field]: value });
  }
  const changedFields = Object.keys(patch);
  if (changedFields.length === 0) return toSite(site);
  const updated = await scope.sites.update(site.id, patch);
  if (!updated) throw new AppError("resource.not_found", "Not found.");
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "site.update",
    resource: { type: "site", id: site.id },
    details: { changedFields },
  });
  return toSite(updated);
}
