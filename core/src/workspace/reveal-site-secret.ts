import { z } from "zod";
import { workspaceOf } from "../chat/chat-actor";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TWorkspaceDeps } from "./deps";
import { siteSecretContext } from "./site-fields";

/** Input of `revealSiteSecret` and `rotateSiteSecret`. */
export const ZSiteSecretInput = z.object({ siteId: z.string().max(200) });
/** `ZSiteSecretInput` as callers pass it, before validation. */
export type TSiteSecretInput = z.input<typeof ZSiteSecretInput>;

/** Shows a site's identity-verification secret in full again (admins; every reveal is audited). */
export async function revealSiteSecret(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TSiteSecretInput,
): Promise<{ identitySecret: string }> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "site.manage", { type: "workspace", workspaceId });
  const input = parseInput(ZSiteSecretInput, raw);
  const site = await deps.store.scoped(workspaceId).sites.get(input.siteId);
  if (!site) throw new AppError("resource.not_found", "Not found.");
  if (site.identitySecretCipher === null) {
    throw new AppError("resource.conflict", "This site has no identity secret yet; rotate it to create one.");
  }
  const identitySecret = await deps.vault.decrypt(
    siteSecretContext(workspaceId, site.keyId, site.id),
    site.identitySecretCipher,
  );
  // Audited before it is handed out: a reveal that happened is never missing from the log.
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "site.secret.reveal",
    resource: { type: "site", id: site.id },
  });
  return { identitySecret };
}
