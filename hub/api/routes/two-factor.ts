import {
  beginTotpEnrollment,
  confirmTotpEnrollment,
  disableTwoFactor,
  groupSecret,
  regenerateRecoveryCodes,
  ZBeginTotpEnrollmentInput,
  ZConfirmTotpEnrollmentInput,
  ZCurrentCodeInput,
} from "@tawkster/core/auth";
import { rateLimitedError } from "@tawkster/core/ratelimit";
import { z } from "zod";
import { authDepsOf } from "../../lib/auth/auth-deps";
import { authLimitersOf } from "../../lib/auth/auth-state";
import { assertSameOrigin, hubOriginsOf } from "../../lib/auth/hub-origin";
import { requireMember, type TSignedInMember } from "../../lib/auth/resolve-member";
import { readJson, respond } from "../io";
import type { TRoute, TRouteContext } from "../route";

/** `POST /api/v1/me/two-factor/totp`: a new secret to enrol (text only: no QR library is installed). */
export const ZTotpSetupResponse = z.object({
  secret: z.string(),
  /** The secret in groups of four, for typing it into an app by hand. */
  secretGroups: z.string(),
  otpauthUri: z.string(),
  enrollmentToken: z.string(),
  expiresAt: z.date().transform((d) => d.toISOString()),
});
/** Ten new recovery codes, shown once. */
export const ZRecoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()).length(10) });
/** `DELETE /api/v1/me/two-factor`. */
export const ZTwoFactorOffResponse = z.object({ enabled: z.literal(false) });

/** Every second-factor change: same origin, a live session (enrolling allowed), 10 a minute per session. */
async function guard(ctx: TRouteContext): Promise<TSignedInMember> {
  assertSameOrigin(ctx.request, hubOriginsOf(ctx.hub.config));
  const signedIn = await requireMember(ctx.hub, ctx.request, { allowUnenrolled: true });
  const decision = authLimitersOf(ctx.hub).twoFactor.take(`session:${signedIn.session.id}`);
  if (!decision.ok) throw rateLimitedError(decision.retryAfterSeconds);
  return signedIn;
}

async function startTotp(ctx: TRouteContext): Promise<Response> {
  const { actor } = await guard(ctx);
  const input = await readJson(ctx.request, ZBeginTotpEnrollmentInput);
  const started = await beginTotpEnrollment(authDepsOf(ctx.hub), actor, input);
  return respond(ZTotpSetupResponse, { ...started, secretGroups: groupSecret(started.secret) });
}

async function confirmTotp(ctx: TRouteContext): Promise<Response> {
  const { actor } = await guard(ctx);
  const input = await readJson(ctx.request, ZConfirmTotpEnrollmentInput);
  return respond(ZRecoveryCodesResponse, await confirmTotpEnrollment(authDepsOf(ctx.hub), actor, input));
}

async function newRecoveryCodes(ctx: TRouteContext): Promise<Response> {
  const { actor } = await guard(ctx);
  const input = await readJson(ctx.request, ZCurrentCodeInput);
  return respond(ZRecoveryCodesResponse, await regenerateRecoveryCodes(authDepsOf(ctx.hub), actor, input));
}

async function turnOff(ctx: TRouteContext): Promise<Response> {
  const { actor } = await guard(ctx);
  const input = await readJson(ctx.request, ZCurrentCodeInput);
  await disableTwoFactor(authDepsOf(ctx.hub), actor, input);
  return respond(ZTwoFactorOffResponse, { enabled: false });
}

/** Enrolling, confirming, re-issuing recovery codes and turning off the member's second factor. */
export const TWO_FACTOR_ROUTES: readonly TRoute[] = [
  {
    method: "POST",
    path: "/api/v1/me/two-factor/totp",
    name: "me.twoFactor.start",
    summary: "Starts TOTP enrolment: a new secret and otpauth URI (a current code to replace one).",
    auth: "member",
    body: ZBeginTotpEnrollmentInput,
    response: ZTotpSetupResponse,
    handler: startTotp,
  },
  {
    method: "POST",
    path: "/api/v1/me/two-factor/totp/confirm",
    name: "me.twoFactor.confirm",
    summary: "Confirms TOTP enrolment with a first code; answers ten recovery codes, shown once.",
    auth: "member",
    body: ZConfirmTotpEnrollmentInput,
    response: ZRecoveryCodesResponse,
    handler: confirmTotp,
  },
  {
    method: "POST",
    path: "/api/v1/me/two-factor/recovery-codes",
    name: "me.twoFactor.recoveryCodes",
    summary: "Replaces the recovery codes (a current code required).",
    auth: "member",
    body: ZCurrentCodeInput,
    response: ZRecoveryCodesResponse,
    handler: newRecoveryCodes,
  },
  {
    method: "DELETE",
    path: "/api/v1/me/two-factor",
    name: "me.twoFactor.disable",
    summary: "Turns two-factor authentication off where the policy allows (a current code required).",
    auth: "member",
    body: ZCurrentCodeInput,
    response: ZTwoFactorOffResponse,
    handler: turnOff,
  },
];
