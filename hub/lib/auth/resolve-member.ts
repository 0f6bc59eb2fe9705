import { resolveSession, type TResolvedSession } from "@tawkster/core/auth";
import { AppError } from "@tawkster/core/errors";
import type { THub } from "../hub-context";
import { authCookieNames, readCookie } from "./auth-cookies";
import { authDepsOf } from "./auth-deps";
import { decodeSessionClaims } from "./session-claims";

/** The signed-in member of a request: the actor to authorize with, the session row and the member row. */
export type TSignedInMember = TResolvedSession;

/**
 * The member a session cookie value stands for, or null: the next-auth JWT is decrypted with the
 * hub's auth secret, then the session row decides (revoked, idle, too old, member inactive → null),
 * so a revocation or a policy change applies on the very next request.
 */
export async function resolveMemberFromToken(
  hub: THub,
  token: string | null,
): Promise<TSignedInMember | null> {
  if (token === null) return null;
  const claims = await decodeSessionClaims(token, hub.authSecret);
  if (claims === null) return null;
  return resolveSession(authDepsOf(hub), {
    workspaceId: claims.wid,
    memberId: claims.mid,
    sessionSecret: claims.sid,
  });
}

/**
 * The signed-in member of a request to the hub's own API (custom server handlers), from the
 * session cookie; null when there is none or it is no longer valid.
 */
export async function resolveMember(hub: THub, request: Request): Promise<TSignedInMember | null> {
  const token = readCookie(request.headers.get("cookie"), authCookieNames(hub.config).session);
  return resolveMemberFromToken(hub, token);
}

/**
 * `resolveMember` for handlers that need a member: auth.required (401) without a valid session,
 * and access.denied (403) while the member must still enrol a second factor, unless the route is
 * part of enrolling (`allowUnenrolled`). State-changing handlers also call `assertSameOrigin`.
 *
 * @example
 * const { actor } = await requireMember(ctx.hub, ctx.request);
 */
export async function requireMember(
  hub: THub,
  request: Request,
  options: { allowUnenrolled?: boolean } = {},
): Promise<TSignedInMember> {
  const signedIn = await resolveMember(hub, request);
  if (signedIn === null) throw new AppError("auth.required", "Sign in to continue.");
  if (signedIn.mustEnrollTwoFactor && options.allowUnenrolled !== true) {
    throw new AppError("access.denied", "Set up two-factor authentication first, at /account/security.");
  }
  return signedIn;
}
