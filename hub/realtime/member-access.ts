import { checkSession, mustEnrollTwoFactor, resolveAuthPolicy, toMemberActor } from "@tawkster/core/auth";
import type { TChatDeps } from "@tawkster/core/chat";
import type { TMemberActor } from "@tawkster/core/rbac";
import type { TConsoleMember } from "./connection";

/**
 * The member's actor as their row is now (role, departments, status), or null when they may not
 * be served any more (deactivated, removed). Read for every decision: a demotion or a department
 * change applies to the very next event, not at the next session check.
 */
export async function readMemberActor(deps: TChatDeps, member: TConsoleMember): Promise<TMemberActor | null> {
  const row = await deps.store.scoped(member.workspaceId).members.get(member.memberId);
  if (row === null || row.status !== "active") return null;
  return toMemberActor(row);
}

/**
 * Whether a console's session is still good by the policy in force now: not revoked, not idle or
 * too old, the member active and not held at second-factor enrolment. Reads only: a live socket is
 * not activity, so it neither extends the idle timeout nor keeps a session alive on its own.
 */
export async function isSessionStillValid(
  deps: TChatDeps,
  member: TConsoleMember,
  now: Date,
): Promise<boolean> {
  const scope = deps.store.scoped(member.workspaceId);
  const [session, row] = await Promise.all([
    scope.sessions.get(member.sessionId),
    scope.members.get(member.memberId),
  ]);
  if (session === null || session.memberId !== member.memberId || row === null || row.status !== "active") {
    return false;
  }
  const policy = await resolveAuthPolicy(deps, member.workspaceId);
  return checkSession(session, { now, ...policy.sessions }) === "ok" && !mustEnrollTwoFactor(policy, row);
}
