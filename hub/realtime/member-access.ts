import { checkSession, mustEnrollTwoFactor, resolveAuthPolicy } from "@tawkster/core/auth";
import type { TChatDeps } from "@tawkster/core/chat";
import type { TConsoleMember } from "./connection";

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
