import { z } from "zod";
import { resolveAuthPolicy } from "../auth/auth-policy";
import { checkSession } from "../auth/check-session";
import { assertAuthorizedAudited } from "../chat/assert-authorized-audited";
import { workspaceOf } from "../chat/chat-actor";
import { currentTime } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import type { TMemberActor } from "../rbac/actors";
import type { TMember } from "../schemas/member";
import type { TLifecycleDeps } from "./deps";
import { recordLifecycleAudit } from "./record-lifecycle-audit";

const UNUSED_AFTER_MS = 90 * 86_400_000;

/** Why a member's access deserves a second look. */
export type TAccessReviewFlag =
  /** Active or invited without a second factor. */
  | "no-2fa"
  /** No sign-in for 90 days (or never, on an account older than that). */
  | "unused-90-days"
  /** Invited and never signed in: an open invitation is a door nobody uses. */
  | "invited-never-signed-in"
  /** Deactivated, yet some of their sessions are still live. */
  | "deactivated-with-sessions";

/** One member's access, as an admin reviews it. */
export type TAccessReviewEntry = {
  memberId: string;
  name: string;
  email: string;
  role: TMember["role"];
  departments: string[];
  status: TMember["status"];
  twoFactorEnabled: boolean;
  lastSignInAt: Date | null;
  /** Sessions neither revoked, expired nor idle by today's session policy. */
  activeSessionCount: number;
  flags: TAccessReviewFlag[];
};

/** A workspace's access review. */
export type TAccessReview = {
  generatedAt: Date;
  members: TAccessReviewEntry[];
  counts: { members: number; active: number; withTwoFactor: number; flagged: number };
};

/** Input of `buildAccessReview`: when to review as of (default: now). */
export const ZBuildAccessReviewInput = z.object({ now: z.date().optional() });

/**
 * Lists every member with their role, departments, status, second factor, last sign-in and live
 * sessions, flagging what an admin should look at: no 2FA, unused for 90 days, invited but never
 * signed in, deactivated with live sessions. Admins only; audited (counts only).
 *
 * @example renderAccessReviewCsv(await buildAccessReview(deps, admin))
 */
export async function buildAccessReview(
  deps: TLifecycleDeps,
  actor: TMemberActor,
  raw: z.input<typeof ZBuildAccessReviewInput> = {},
): Promise<TAccessReview> {
  const workspaceId = workspaceOf(actor);
  await assertAuthorizedAudited(deps, actor, "member.manage", { type: "workspace", workspaceId });
  const input = parseInput(ZBuildAccessReviewInput, raw);
  const now = input.now ?? currentTime(deps);
  const scope = deps.store.scoped(workspaceId);
  const [members, departments, policy] = await Promise.all([
    scope.members.list(),
    scope.departments.list(),
    resolveAuthPolicy(deps, workspaceId),
  ]);
  const entries: TAccessReviewEntry[] = [];
  for (const member of members) {
    const sessions = await scope.sessions.listActiveByMember(member.id);
    const activeSessionCount = sessions.filter(
      (s) => checkSession(s, { now, ...policy.sessions }) === "ok",
    ).length;
    const flags: TAccessReviewFlag[] = [];
    const isLive = member.status !== "deactivated";
    if (isLive && !member.twoFactorEnabled) flags.push("no-2fa");
    const lastUse = member.lastSignInAt ?? member.createdAt;
    if (isLive && now.getTime() - lastUse.getTime() >= UNUSED_AFTER_MS) flags.push("unused-90-days");
    if (member.status === "invited" && member.lastSignInAt === null) flags.push("invited-never-signed-in");
    if (!isLive && activeSessionCount > 0) flags.push("deactivated-with-sessions");
    entries.push({
      memberId: member.id,
      name: member.name,
      email: member.email,
      role: member.role,
      departments: member.departmentIds.map((id) => departments.find((d) => d.id === id)?.name ?? id),
      status: member.status,
      twoFactorEnabled: member.twoFactorEnabled,
      lastSignInAt: member.lastSignInAt,
      activeSessionCount,
      flags,
    });
  }
  const review: TAccessReview = {
    generatedAt: now,
    members: entries,
    counts: {
      members: entries.length,
      active: entries.filter((m) => m.status === "active").length,
      withTwoFactor: entries.filter((m) => m.twoFactorEnabled).length,
      flagged: entries.filter((m) => m.flags.length > 0).length,
    },
  };
  await recordLifecycleAudit(deps, {
    workspaceId,
    actor: { type: "member", id: actor.memberId },
    action: "access-review.build",
    resource: { type: "workspace", id: workspaceId },
    at: currentTime(deps),
    details: { memberCount: review.counts.members, flaggedCount: review.counts.flagged },
  });
  return review;
}
