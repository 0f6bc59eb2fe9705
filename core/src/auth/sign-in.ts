import { createHash } from "node:crypto";
import { currentTime, nextId } from "../chat/deps";
import { ZEmail } from "../schemas/common";
import type { Store, TMemberRow, TMemberSessionRow } from "../store/port";
import { mustEnrollTwoFactor, resolveAuthPolicy, type TAuthPolicy } from "./auth-policy";
import type { TAuthDeps } from "./deps";
import { describeNetwork } from "./describe-network";
import { computeLockout, countFailure, lockSecondsFor } from "./lockout";
import { hashPassword, needsRehash, verifyDecoyPassword, verifyPassword } from "./password-hash";
import { recordAuthAudit } from "./record-auth-audit";
import { generateSessionSecret, hashSessionSecret } from "./session-secret";
import { verifySecondFactor } from "./verify-second-factor";

/** Where a sign-in attempt comes from (the IP is reduced to its network before it is stored). */
export type TSignInContext = { ip: string | null; userAgent: string | null };

/** What a sign-in attempt yields. */
export type TSignInResult =
  | {
      ok: true;
      member: TMemberRow;
      session: TMemberSessionRow;
      /** Goes into the (encrypted) cookie only; the store keeps its SHA-256. */
      sessionSecret: string;
      /** The member must enrol a second factor before using anything but /account/security. */
      mustEnrollTwoFactor: boolean;
    }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "second-factor-required" }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

const MAX_FIELD_LENGTH = 1024;
const MAX_USER_AGENT_LENGTH = 512;

// Attempts for one email run one after the other, so parallel guesses cannot all slip in before
// the failure count locks the account (one process; a second instance is bounded by the IP limit).
const queues = new WeakMap<Store, Map<string, Promise<unknown>>>();

function serialized<T>(store: Store, subject: string, work: () => Promise<T>): Promise<T> {
  let perStore = queues.get(store);
  if (!perStore) {
    perStore = new Map();
    queues.set(store, perStore);
  }
  const previous = perStore.get(subject) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(work);
  perStore.set(subject, run);
  const forget = () => {
    if (perStore.get(subject) === run) perStore.delete(subject);
  };
  run.then(forget, forget);
  return run;
}

/** The throttle subject of an email: a hash, so the table holds no addresses. */
export function signInSubjectOf(email: string): string {
  return `email:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;
}

function textOf(value: unknown): string | null {
  return typeof value === "string" && value.length <= MAX_FIELD_LENGTH ? value : null;
}

/**
 * Signs a member in with email, password and, when their account has a second factor, a TOTP or
 * recovery code. Every failure (unknown email, wrong password, wrong code, malformed input) gives
 * the same `invalid` answer after the same work, and counts towards the lockout of that email;
 * a locked email is answered `locked` without checking anything. On success the failures are
 * forgotten, a session row is created (the caller puts `sessionSecret` in the cookie), the sign-in
 * time is recorded, and the password is re-hashed if its parameters are outdated. Every outcome
 * is audited (without email, password or code).
 */
export async function signIn(
  deps: TAuthDeps,
  credentials: { email?: unknown; password?: unknown; code?: unknown },
  context: TSignInContext,
): Promise<TSignInResult> {
  const email = textOf(credentials.email)?.trim().toLowerCase() ?? "";
  const subject = signInSubjectOf(email);
  return serialized(deps.store, subject, () => attempt(deps, credentials, context, email, subject));
}

async function attempt(
  deps: TAuthDeps,
  credentials: { email?: unknown; password?: unknown; code?: unknown },
  context: TSignInContext,
  email: string,
  subject: string,
): Promise<TSignInResult> {
  const now = currentTime(deps);
  const password = textOf(credentials.password) ?? "";
  const code = textOf(credentials.code)?.trim() ?? "";
  const isEmail = ZEmail.safeParse(email).success;
  const candidates = isEmail
    ? (await deps.store.findMembersByEmail(email)).filter(
        (m) => m.status === "active" && m.passwordHash !== null,
      )
    : [];
  const workspaceIds = await auditWorkspacesOf(deps, candidates);

  const throttle = await deps.store.signInThrottle.get(subject);
  if (throttle) {
    const lockout = computeLockout({
      failures: throttle.failures,
      lastFailureAt: throttle.lastFailureAt,
      now,
    });
    if (lockout.isLocked) {
      await auditEach(deps, workspaceIds, candidates, "auth.sign_in", "denied", { reason: "locked" });
      return { ok: false, reason: "locked", retryAfterSeconds: lockout.retryAfterSeconds };
    }
  }

  let member: TMemberRow | null = null;
  if (candidates.length === 0) {
    // Same work as a wrong password, so timing does not tell which emails have accounts. Text
    // that is no email address cannot name an account, so it is refused without the work.
    if (isEmail) await verifyDecoyPassword(password);
  } else {
    for (const candidate of candidates) {
      if (await verifyPassword(candidate.passwordHash ?? "", password)) {
        member = candidate;
        break;
      }
    }
  }
  if (member === null) {
    return fail(deps, {
      subject,
      now,
      workspaceIds,
      candidates,
      reason: isEmail ? "bad-credentials" : "malformed",
    });
  }

  if (member.twoFactorEnabled) {
    if (code === "") return { ok: false, reason: "second-factor-required" };
    const check = await verifySecondFactor(deps, member, code);
    if (!check.ok) {
      return fail(deps, {
        subject,
        now,
        workspaceIds: [member.workspaceId],
        candidates: [member],
        reason: "bad-code",
      });
    }
    return succeed(deps, { member, password, subject, now, context, method: `password+${check.method}` });
  }
  return succeed(deps, { member, password, subject, now, context, method: "password" });
}

async function fail(
  deps: TAuthDeps,
  attempt: {
    subject: string;
    now: Date;
    workspaceIds: string[];
    candidates: TMemberRow[];
    reason: string;
  },
): Promise<TSignInResult> {
  const previous = await deps.store.signInThrottle.get(attempt.subject);
  const failures = countFailure(previous, attempt.now);
  const lockSeconds = lockSecondsFor(failures);
  await deps.store.signInThrottle.put({
    subject: attempt.subject,
    failures,
    lockedUntil: lockSeconds > 0 ? new Date(attempt.now.getTime() + lockSeconds * 1000) : null,
    lastFailureAt: attempt.now,
  });
  await auditEach(deps, attempt.workspaceIds, attempt.candidates, "auth.sign_in", "failure", {
    reason: attempt.reason,
    failures,
  });
  if (lockSeconds > 0) {
    await auditEach(deps, attempt.workspaceIds, attempt.candidates, "auth.lockout", "denied", {
      failures,
      lockSeconds,
    });
  }
  return { ok: false, reason: "invalid" };
}

async function succeed(
  deps: TAuthDeps,
  attempt: {
    member: TMemberRow;
    password: string;
    subject: string;
    now: Date;
    context: TSignInContext;
    method: string;
  },
): Promise<TSignInResult> {
  const { member, now } = attempt;
  await rehashIfNeeded(deps, member, attempt.password);
  const scope = deps.store.scoped(member.workspaceId);
  const policy = await resolveAuthPolicy(deps, member.workspaceId);
  await deps.store.signInThrottle.delete(attempt.subject);
  const sessionSecret = generateSessionSecret();
  const session = await scope.sessions.create({
    id: nextId(deps),
    memberId: member.id,
    tokenHash: hashSessionSecret(sessionSecret),
    userAgent: (attempt.context.userAgent ?? "").slice(0, MAX_USER_AGENT_LENGTH),
    ip: networkOf(policy, attempt.context.ip),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + policy.sessions.maxAgeHours * 3_600_000),
    revokedAt: null,
  });
  const updated = (await scope.members.update(member.id, { lastSignInAt: now })) ?? member;
  await recordAuthAudit(deps, {
    workspaceId: member.workspaceId,
    memberId: member.id,
    action: "auth.sign_in",
    resource: { type: "session", id: session.id },
    outcome: "success",
    details: { method: attempt.method },
  });
  return {
    ok: true,
    member: updated,
    session,
    sessionSecret,
    mustEnrollTwoFactor: mustEnrollTwoFactor(policy, updated),
  };
}

/** Re-hashes a password made with outdated parameters, once it was just verified. */
async function rehashIfNeeded(deps: TAuthDeps, member: TMemberRow, password: string): Promise<void> {
  if (member.passwordHash === null || !needsRehash(member.passwordHash)) return;
  await deps.store
    .scoped(member.workspaceId)
    .members.update(member.id, { passwordHash: await hashPassword(password) });
}

function networkOf(policy: TAuthPolicy, ip: string | null): string | null {
  return policy.ipHandling === "none" ? null : describeNetwork(ip);
}

/** The workspaces an attempt is audited in: the matching members', else every workspace (one, today). */
async function auditWorkspacesOf(deps: TAuthDeps, candidates: TMemberRow[]): Promise<string[]> {
  if (candidates.length > 0) return [...new Set(candidates.map((m) => m.workspaceId))];
  return (await deps.store.workspaces.list()).map((w) => w.id);
}

async function auditEach(
  deps: TAuthDeps,
  workspaceIds: string[],
  candidates: TMemberRow[],
  action: string,
  outcome: "failure" | "denied",
  details: Record<string, string | number>,
): Promise<void> {
  for (const workspaceId of workspaceIds) {
    const known = candidates.filter((m) => m.workspaceId === workspaceId);
    // The attempt is about an account only when the email names exactly one member there.
    const memberId = known.length === 1 ? (known[0]?.id ?? null) : null;
    await recordAuthAudit(deps, {
      workspaceId,
      memberId,
      action,
      resource: { type: "member", id: memberId },
      outcome,
      details,
    });
  }
}
