import { assertAuthorizedAudited } from "../chat/assert-authorized-audited";
import type { TLifecycleDeps } from "./deps";
import type { TExportActor } from "./lifecycle-actor";

/**
 * Authorizes a privacy request about one visitor (`privacy.erase` and `privacy.lookup`: admins and
 * the erasure job; `privacy.export`: admins, the export job and the visitor themself). Managers and
 * agents never see visitor records, so they get "not found"; a member's refusal is audited.
 */
export async function assertPrivacyAuthorized(
  deps: TLifecycleDeps,
  actor: TExportActor,
  action: "privacy.erase" | "privacy.export" | "privacy.lookup",
  resource: { workspaceId: string; visitorId: string },
): Promise<void> {
  await assertAuthorizedAudited(deps, actor, action, {
    type: "visitor",
    workspaceId: resource.workspaceId,
    id: resource.visitorId,
  });
}
