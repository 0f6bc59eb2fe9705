import { z } from "zod";
import { workspaceOf } from "../chat/chat-actor";
import { currentTime, nextId } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import { ZDisplayName } from "../schemas/common";
import { type TSite, ZConsentMode } from "../schemas/site";
import type { TWorkspaceDeps } from "./deps";
import {
  generateIdentitySecret,
  generateSiteKey,
  sealSiteSecret,
  toSite,
  ZPrivacyPolicyUrl,
  ZSiteDomains,
} from "./site-fields";

/** Input of `addSite`; consent mode defaults to "essential" (no functional storage without asking). */
export const ZAddSiteInput = z.object({
  name: ZDisplayName,
  allowedDomains: ZSiteDomains,
  consentMode: ZConsentMode.optional(),
  privacyPolicyUrl: ZPrivacyPolicyUrl.nullable().optional(),
  defaultDepartmentId: z.string().max(200).nullable().optional(),
});
/** `ZAddSiteInput` as callers pass it, before validation. */
export type TAddSiteInput = z.input<typeof ZAddSiteInput>;

/** A site and its identity-verification secret, shown in full only now (and by `revealSiteSecret`). */
export type TSiteWithSecret = { site: TSite; identitySecret: string };

/**
 * Adds a widget installation (admins): a fresh public site key and a fresh identity-verification
 * secret, sealed under the workspace key. The default department must exist (request.invalid).
 */
export async function addSite(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TAddSiteInput,
): Promise<TSiteWithSecret> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "site.manage", { type: "workspace", workspaceId });
  const input = parseInput(ZAddSiteInput, raw);
  const scope = deps.store.scoped(workspaceId);
  const defaultDepartmentId = input.defaultDepartmentId ?? null;
  if (defaultDepartmentId !== null && !(await scope.departments.get(defaultDepartmentId))) {
    throw new AppError("request.invalid", "defaultDepartmentId: no such department.");
  }
  const id = nextId(deps);
  const identitySecret = generateIdentitySecret();
  const sealed = await sealSiteSecret(deps, workspaceId, id, identitySecret);
  const row = await scope.sites.create({
    id,
    name: input.name,
    siteKey: generateSiteKey(),
    allowedDomains: input.allowedDomains,
    consentMode: input.consentMode ?? "essential",
    privacyPolicyUrl: input.privacyPolicyUrl ?? null,
    defaultDepartmentId,
    ...sealed,
    createdAt: currentTime(deps),
  });
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "site.create",
    resource: { type: "site", id },
    details: { defaultDepartmentId },
  });
  return { site: toSite(row), identitySecret };
}
