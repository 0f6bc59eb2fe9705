import { isAppError } from "../errors/app-error";
import type { TAction } from "../rbac/actions";
import type { TActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TResource } from "../rbac/resources";
import { currentTime, type TChatDeps } from "./deps";

/**
 * `assertAuthorized`, writing a "denied" audit event before it throws when a member (or a plugin
 * acting as one) is refused: probing another department's conversation by URL, or an agent opening
 * an admin page, leaves a trace an admin can find. Visitors and jobs are refused without an event
 * (a visitor's refusals are the widget's noise, not an insider's probing).
 *
 * The event names the action that was attempted, the resource's type and id, and the refusal
 * ("not-found" or "forbidden"); a failure to write it never turns the refusal into a success.
 *
 * @example await assertAuthorizedAudited(deps, actor, "audit.read", { type: "workspace", workspaceId })
 */
export async function assertAuthorizedAudited(
  deps: TChatDeps,
  actor: TActor,
  action: TAction,
  resource: TResource,
): Promise<void> {
  try {
    assertAuthorized(actor, action, resource);
  } catch (error) {
    if (isAppError(error)) await recordDenial(deps, actor, action, resource, error.code);
    throw error;
  }
}

async function recordDenial(
  deps: TChatDeps,
  actor: TActor,
  action: TAction,
  resource: TResource,
  code: string,
): Promise<void> {
  const who =
    actor?.type === "member"
      ? { type: "member" as const, id: actor.memberId, onBehalfOf: null }
      : actor?.type === "installation"
        ? { type: "installation" as const, id: actor.installationId, onBehalfOf: actor.member.memberId }
        : null;
  // Only an actor of the resource's own workspace is recorded there: a foreign actor writes nothing
  // into a workspace that is not theirs.
  if (who === null || actor.type === "system" || actor.workspaceId !== resource.workspaceId) return;
  try {
    await deps.store.scoped(resource.workspaceId).audit.append(
      {
        actor: { type: who.type, id: who.id },
        action,
        resource: { type: resource.type, id: "id" in resource ? resource.id : resource.workspaceId },
        outcome: "denied",
        details: {
          reason: code === "access.denied" ? "forbidden" : "not-found",
          ...(who.onBehalfOf !== null && { onBehalfOfMemberId: who.onBehalfOf }),
        },
      },
      currentTime(deps),
    );
  } catch {
    // The refusal stands whether or not it could be written down.
  }
}
