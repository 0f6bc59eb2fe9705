import { z } from "zod";
import { currentTime } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TMemberRow } from "../store/port";
import { isTwoFactorRequiredFor, mustEnrollTwoFactor, resolveAuthPolicy } from "./auth-policy";
import type { TAuthDeps } from "./deps";
import { buildOtpauthUri } from "./otpauth-uri";
import { recordAuthAudit } from "./record-auth-audit";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { generateTotpSecret, verifyTotp } from "./totp";
import { openPendingEnrollment, sealPendingEnrollment, sealTotpSecret } from "./totp-secret-box";
import { verifySecondFactor } from "./verify-second-factor";

/** How long a started enrolment can be confirmed. */
export const ENROLLMENT_TTL_MS = 10 * 60_000;

/** A member's second-factor state, for the security page. */
export type TTwoFactorStatus = {
  enabled: boolean;
  /** The workspace policy requires it of the member's role. */
  required: boolean;
  mustEnroll: boolean;
  recoveryCodesLeft: number;
  /** Disabling is allowed (only when the policy does not require it). */
  canDisable: boolean;
};

const ZCode = z.string().trim().min(1, "enter a code").max(64);

/** Input of `beginTotpEnrollment`: a current code, needed only to replace an enrolled authenticator. */
export const ZBeginTotpEnrollmentInput = z.object({ currentCode: ZCode.optional() });
/** Input of `confirmTotpEnrollment`. */
export const ZConfirmTotpEnrollmentInput = z.object({
  enrollmentToken: z.string().min(1).max(2000),
  code: ZCode,
});
/** Input of `regenerateRecoveryCodes` and `disableTwoFactor`: a current code proves the authenticator is at hand. */
export const ZCurrentCodeInput = z.object({ code: ZCode });

async function loadSelf(deps: TAuthDeps, actor: TMemberActor): Promise<TMemberRow> {
  assertAuthorized(actor, "profile.update", {
    type: "member",
    workspaceId: actor.workspaceId,
    id: actor.memberId,
  });
  const member = await deps.store.scoped(actor.workspaceId).members.get(actor.memberId);
  if (member === null) throw new AppError("resource.not_found", "Not found.");
  return member;
}

async function assertCurrentCode(
  deps: TAuthDeps,
  member: TMemberRow,
  code: string | undefined,
): Promise<void> {
  // A stolen session alone must not be enough to swap the authenticator or mint new recovery codes.
  if (code === undefined || !(await verifySecondFactor(deps, member, code)).ok) {
    throw new AppError("request.invalid", "code: that code is not right; enter a current one.");
  }
}

/** The member's second-factor state. */
export async function getTwoFactorStatus(deps: TAuthDeps, actor: TMemberActor): Promise<TTwoFactorStatus> {
  const member = await loadSelf(deps, actor);
  const policy = await resolveAuthPolicy(deps, actor.workspaceId);
  const required = isTwoFactorRequiredFor(policy, member.role);
  return {
    enabled: member.twoFactorEnabled,
    required,
    mustEnroll: mustEnrollTwoFactor(policy, member),
    recoveryCodesLeft: member.twoFactorEnabled
      ? await deps.store.scoped(actor.workspaceId).recoveryCodes.countUnused(member.id)
      : 0,
    canDisable: member.twoFactorEnabled && !required,
  };
}

/**
 * Starts TOTP enrolment: a new secret, its otpauth URI, and a sealed enrolment token the browser
 * sends back with the first code. Nothing is stored until that code confirms it. Replacing an
 * enrolled authenticator needs a current code.
 */
export async function beginTotpEnrollment(
  deps: TAuthDeps,
  actor: TMemberActor,
  raw: z.input<typeof ZBeginTotpEnrollmentInput>,
): Promise<{ secret: string; otpauthUri: string; enrollmentToken: string; expiresAt: Date }> {
  const input = parseInput(ZBeginTotpEnrollmentInput, raw);
  const member = await loadSelf(deps, actor);
  if (member.twoFactorEnabled) await assertCurrentCode(deps, member, input.currentCode);
  const secret = generateTotpSecret();
  const expiresAt = new Date(currentTime(deps).getTime() + ENROLLMENT_TTL_MS);
  return {
    secret,
    otpauthUri: buildOtpauthUri({ secret, account: member.email, issuer: "Tawkster" }),
    enrollmentToken: await sealPendingEnrollment(deps, member, { secret, expiresAt }),
    expiresAt,
  };
}

/**
 * Confirms TOTP enrolment with a code from the new authenticator: stores the secret (sealed),
 * turns two-factor authentication on, and returns ten new recovery codes — shown once, stored only
 * as hashes. The confirming code's step counts as used.
 */
export async function confirmTotpEnrollment(
  deps: TAuthDeps,
  actor: TMemberActor,
  raw: z.input<typeof ZConfirmTotpEnrollmentInput>,
): Promise<{ recoveryCodes: string[] }> {
  const input = parseInput(ZConfirmTotpEnrollmentInput, raw);
  const member = await loadSelf(deps, actor);
  const now = currentTime(deps);
  const pending = await openPendingEnrollment(deps, member, input.enrollmentToken);
  if (pending === null || pending.expiresAt.getTime() <= now.getTime()) {
    throw new AppError("request.invalid", "enrollmentToken: this setup expired; start again.");
  }
  const check = verifyTotp(pending.secret, input.code, { now, window: 1 });
  if (!check.ok)
    throw new AppError("request.invalid", "code: that code is not right; check the app's clock.");
  const scope = deps.store.scoped(actor.workspaceId);
  const sealed = await sealTotpSecret(deps, member, pending.secret);
  await scope.members.update(member.id, { ...sealed, twoFactorEnabled: true });
  await scope.totpSteps.reset(member.id, check.step);
  const recoveryCodes = generateRecoveryCodes();
  await scope.recoveryCodes.replace(member.id, recoveryCodes.map(hashRecoveryCode));
  await recordAuthAudit(deps, {
    workspaceId: actor.workspaceId,
    memberId: member.id,
    action: "member.two_factor.enable",
    resource: { type: "member", id: member.id },
    outcome: "success",
    details: { replaced: member.twoFactorEnabled, recoveryCodeCount: recoveryCodes.length },
  });
  return { recoveryCodes };
}

/** Replaces the member's recovery codes with ten new ones (a current code required); the old ones stop working. */
export async function regenerateRecoveryCodes(
  deps: TAuthDeps,
  actor: TMemberActor,
  raw: z.input<typeof ZCurrentCodeInput>,
): Promise<{ recoveryCodes: string[] }> {
  const input = parseInput(ZCurrentCodeInput, raw);
  const member = await loadSelf(deps, actor);
  if (!member.twoFactorEnabled) {
    throw new AppError("resource.conflict", "Turn on two-factor authentication first.");
  }
  await assertCurrentCode(deps, member, input.code);
  const recoveryCodes = generateRecoveryCodes();
  await deps.store
    .scoped(actor.workspaceId)
    .recoveryCodes.replace(member.id, recoveryCodes.map(hashRecoveryCode));
  await recordAuthAudit(deps, {
    workspaceId: actor.workspaceId,
    memberId: member.id,
    action: "member.recovery_codes.regenerate",
    resource: { type: "member", id: member.id },
    outcome: "success",
    details: { recoveryCodeCount: recoveryCodes.length },
  });
  return { recoveryCodes };
}

/**
 * Turns two-factor authentication off (a current code required): refused with access.denied when
 * the workspace policy requires it of the member's role. The secret and recovery codes are deleted.
 */
export async function disableTwoFactor(
  deps: TAuthDeps,
  actor: TMemberActor,
  raw: z.input<typeof ZCurrentCodeInput>,
): Promise<void> {
  const input = parseInput(ZCurrentCodeInput, raw);
  const member = await loadSelf(deps, actor);
  if (!member.twoFactorEnabled) return;
  const policy = await resolveAuthPolicy(deps, actor.workspaceId);
  if (isTwoFactorRequiredFor(policy, member.role)) {
    throw new AppError("access.denied", "Your workspace requires two-factor authentication for your role.");
  }
  await assertCurrentCode(deps, member, input.code);
  const scope = deps.store.scoped(actor.workspaceId);
  await scope.members.update(member.id, { twoFactorEnabled: false, totpSecretCipher: null });
  await scope.totpSteps.reset(member.id, null);
  await scope.recoveryCodes.deleteAll(member.id);
  await recordAuthAudit(deps, {
    workspaceId: actor.workspaceId,
    memberId: member.id,
    action: "member.two_factor.disable",
    resource: { type: "member", id: member.id },
    outcome: "success",
  });
}
