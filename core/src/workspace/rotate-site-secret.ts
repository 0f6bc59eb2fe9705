import { workspaceOf } from "../chat/chat-actor";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TSiteWithSecret } from "./add-site";
import type { TWorkspaceDeps } from "./deps";
import { type TSiteSecretInput, ZSiteSecretInput } from "./reveal-site-secret";
import { generateIdentitySecret, sealSiteSecret, toSite } from "./site-fields";

/**
 * Replaces a site's identity-verification secret with a fresh one (admins; audited) and shows it
 * once. Identity hashes made with the old secret stop verifying at once.
 */
export async function rotateSiteSecret(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TSiteSecretInput,
): Promise<TSiteWithSecret> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "site.manage", { type: "workspace", workspaceId });
  const input = parseInput(ZSiteSecretInput, raw);
  const scope = deps.store.scoped(workspaceId);
  const site = await scope.sites.get(input.siteId);
  if (!site) throw new AppError("resource.not_found", "Not found.");
  const identitySecret = generateIdentitySecret();
  const updated = await scope.sites.update(
    site.id,
    await sealSiteSecret(deps, workspaceId, site.id, identitySecret),
  );
  if (!updated) throw new AppError("resource.not_found", "Not found.");
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "site.secret.rotate",
    resource: { type: "site", id: site.id },
  });
  return { site: toSite(updated), identitySecret };
}
