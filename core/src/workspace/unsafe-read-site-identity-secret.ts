import type { TSiteRow } from "../store/port";
import type { TWorkspaceDeps } from "./deps";
import { siteSecretContext } from "./site-fields";

/**
 * A site's identity-verification secret, for checking a widget's identity hash. Unsafe: no actor,
 * no authorization and no audit event. Only the widget session handler may call it, once per
 * session start, and the secret must never leave the hub (not logged, not in any answer). Null
 * when the site has no secret, so identities on it can only ever be claimed, never verified.
 * Admins see the secret through `revealSiteSecret`, which is authorized and audited.
 *
 * @example
 * const secret = await unsafeReadSiteIdentitySecret(deps, site);
 * const isVerified = secret !== null && isIdentityHashValid(secret, email, userHash);
 */
export async function unsafeReadSiteIdentitySecret(
  deps: TWorkspaceDeps,
  site: Pick<TSiteRow, "id" | "workspaceId" | "keyId" | "identitySecretCipher">,
): Promise<string | null> {
  if (site.identitySecretCipher === null) return null;
  return deps.vault.decrypt(
    siteSecretContext(site.workspaceId, site.keyId, site.id),
    site.identitySecretCipher,
  );
}
