import { currentTime } from "../chat/deps";
import { publishSafely } from "../chat/publish-safely";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import { resolveAuthPolicy } from "./auth-policy";
import { checkSession } from "./check-session";
import type { TAuthDeps } from "./deps";
import { describeUserAgent } from "./describe-user-agent";
import { recordAuthAudit } from "./record-auth-audit";

/** One signed-in device as its owner sees it. */
export type TSessionView = {
  id: string;
  /** "Chrome on Linux". */
  device: string;
  /** The anonymized network ("203.0.113.0/24"), or null when none was kept. */
  network: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  isCurrent: boolean;
};

/** The member's live sessions (revoked and expired ones left out), the current one marked. */
export async function listOwnSessions(
  deps: TAuthDeps,
  actor: TMemberActor,
  currentSessionId: string,
): Promise<TSessionView[]> {
  assertAuthorized(actor, "profile.update", {
    type: "member",
    workspaceId: actor.workspaceId,
    id: actor.memberId,
  });
  const policy = await resolveAuthPolicy(deps, actor.workspaceId);
  const now = currentTime(deps);
  const rows = await deps.store.scoped(actor.workspaceId).sessions.listActiveByMember(actor.memberId);
  return rows
    .filter((row) => checkSession(row, { now, ...policy.sessions }) === "ok")
    .map((row) => ({
      id: row.id,
      device: describeUserAgent(row.userAgent),
      network: row.ip,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      isCurrent: row.id === currentSessionId,
    }));
}

/**
 * Signs one of the member's own devices out (the current one too). Another member's session, or
 * an unknown id, is resource.not_found. Audited, and announced on the bus so live connections of
 * that session close.
 */
export async function revokeOwnSession(
  deps: TAuthDeps,
  actor: TMemberActor,
  sessionId: string,
): Promise<void> {
  assertAuthorized(actor, "profile.update", {
    type: "member",
    workspaceId: actor.workspaceId,
    id: actor.memberId,
  });
  const scope = deps.store.scoped(actor.workspaceId);
  const session = await scope.sessions.get(sessionId);
  if (session === null || session.memberId !== actor.memberId || session.revokedAt !== null) {
    throw new AppError("resource.not_found", "Not found.");
  }
  await scope.sessions.revoke(session.id, currentTime(deps));
  await recordAuthAudit(deps, {
    workspaceId: actor.workspaceId,
    memberId: actor.memberId,
    action: "session.revoke",
    resource: { type: "session", id: session.id },
    outcome: "success",
  });
  await publishSafely(deps, [
    {
      type: "session.revoked",
      workspaceId: actor.workspaceId,
      memberId: actor.memberId,
      sessionId: session.id,
    },
  ]);
}

/** "Sign out everywhere else": revokes every session of the member but the current one; returns how many. */
export async function revokeOtherOwnSessions(
  deps: TAuthDeps,
  actor: TMemberActor,
  currentSessionId: string,
): Promise<number> {
  assertAuthorized(actor, "profile.update", {
    type: "member",
    workspaceId: actor.workspaceId,
    id: actor.memberId,
  });
  const ids = await deps.store
    .scoped(actor.workspaceId)
    .sessions.revokeAllOfMember(actor.memberId, currentTime(deps), { exceptId: currentSessionId });
  await recordAuthAudit(deps, {
    workspaceId: actor.workspaceId,
    memberId: actor.memberId,
    action: "session.revoke_others",
    resource: { type: "member", id: actor.memberId },
    outcome: "success",
    details: { sessionIds: ids },
  });
  await publishSafely(
    deps,
    ids.map((sessionId) => ({
      type: "session.revoked" as const,
      workspaceId: actor.workspaceId,
      memberId: actor.memberId,
      sessionId,
    })),
  );
  return ids.length;
}

/**
 * Remote wipe (admins): revokes every session of a member of the workspace, e.g. for a lost
 * laptop. Another workspace's member is resource.not_found. Audited, and `session.revoked` with a
 * null session id is published so every live connection of theirs closes.
 */
export async function revokeMemberSessions(
  deps: TAuthDeps,
  actor: TMemberActor,
  memberId: string,
): Promise<number> {
  const scope = deps.store.scoped(actor.workspaceId);
  const member = await scope.members.get(memberId);
  if (member === null) throw new AppError("resource.not_found", "Not found.");
  assertAuthorized(actor, "member.manage", { type: "member", workspaceId: actor.workspaceId, id: member.id });
  const ids = await scope.sessions.revokeAllOfMember(member.id, currentTime(deps));
  await recordAuthAudit(deps, {
    workspaceId: actor.workspaceId,
    memberId: actor.memberId,
    action: "member.sessions.revoke",
    resource: { type: "member", id: member.id },
    outcome: "success",
    details: { revokedCount: ids.length },
  });
  await publishSafely(deps, [
    { type: "session.revoked", workspaceId: actor.workspaceId, memberId: member.id, sessionId: null },
  ]);
  return ids.length;
}

/** Ends the session a sign-out came from (no authorization: holding the session is the proof). */
export async function signOutSession(
  deps: TAuthDeps,
  session: { workspaceId: string; memberId: string; sessionId: string },
): Promise<void> {
  const scope = deps.store.scoped(session.workspaceId);
  const row = await scope.sessions.get(session.sessionId);
  if (row === null || row.memberId !== session.memberId) return;
  if (!(await scope.sessions.revoke(row.id, currentTime(deps)))) return;
  await recordAuthAudit(deps, {
    workspaceId: session.workspaceId,
    memberId: session.memberId,
    action: "auth.sign_out",
    resource: { type: "session", id: row.id },
    outcome: "success",
  });
  await publishSafely(deps, [
    {
      type: "session.revoked",
      workspaceId: session.workspaceId,
      memberId: session.memberId,
      sessionId: row.id,
    },
  ]);
}
