import { currentTime } from "../chat/deps";
import type { TMemberActor } from "../rbac/actors";
import type { TMemberRow, TMemberSessionRow } from "../store/port";
import { mustEnrollTwoFactor, resolveAuthPolicy } from "./auth-policy";
import { checkSession } from "./check-session";
import type { TAuthDeps } from "./deps";
import { toMemberActor } from "./member-actor";
import { hashSessionSecret } from "./session-secret";

/** A signed-in member, as every request sees them: from the session row and the member row of now. */
export type TResolvedSession = {
  actor: TMemberActor;
  member: TMemberRow;
  session: TMemberSessionRow;
  /** The policy requires a second factor the member has not enrolled: only enrolment is allowed. */
  mustEnrollTwoFactor: boolean;
};

/** Activity is written at most this often per session: enough for the idle timeout, not a write per request. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

/**
 * Finds the live session behind a session secret (from the decrypted cookie) in its workspace and
 * checks it by the policy in force now: revoked, idle past `sessions.idleMinutes` or older than
 * `sessions.maxAgeHours` all answer null, as does a member who is no longer active or a session
 * that belongs to someone else than `memberId`. A live session's last activity is updated.
 */
export async function resolveSession(
  deps: TAuthDeps,
  claims: { workspaceId: string; memberId: string; sessionSecret: string },
): Promise<TResolvedSession | null> {
  const scope = deps.store.scoped(claims.workspaceId);
  const session = await scope.sessions.findByTokenHash(hashSessionSecret(claims.sessionSecret));
  if (session === null || session.memberId !== claims.memberId) return null;
  const policy = await resolveAuthPolicy(deps, claims.workspaceId);
  const now = currentTime(deps);
  const verdict = checkSession(session, { now, ...policy.sessions });
  if (verdict !== "ok") {
    // Expired sessions are closed for good, so they leave the device list and cannot come back
    // when an admin relaxes the policy later.
    if (verdict !== "revoked") await scope.sessions.revoke(session.id, now);
    return null;
  }
  const member = await scope.members.get(session.memberId);
  if (member === null || member.status !== "active") return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
    await scope.sessions.touch(session.id, now);
  }
  return {
    actor: toMemberActor(member),
    member,
    session: { ...session, lastSeenAt: now },
    mustEnrollTwoFactor: mustEnrollTwoFactor(policy, member),
  };
}
