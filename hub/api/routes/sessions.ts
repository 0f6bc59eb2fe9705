import {
  getTwoFactorStatus,
  listOwnSessions,
  revokeMemberSessions,
  revokeOtherOwnSessions,
  revokeOwnSession,
} from "@tawkster/core/auth";
import { z } from "zod";
import { authDepsOf } from "../../lib/auth/auth-deps";
import { assertSameOrigin, hubOriginsOf } from "../../lib/auth/hub-origin";
import { requireMember } from "../../lib/auth/resolve-member";
import { respond } from "../io";
import type { TRoute, TRouteContext } from "../route";

const ZIsoTime = z.date().transform((d) => d.toISOString());

/** `GET /api/v1/me`: the signed-in member, their session and second-factor state. */
export const ZMeResponse = z.object({
  member: z.object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "manager", "agent"]),
    departmentIds: z.array(z.uuid()),
    lastSignInAt: ZIsoTime.nullable(),
  }),
  session: z.object({ id: z.uuid(), createdAt: ZIsoTime, expiresAt: ZIsoTime }),
  twoFactor: z.object({
    enabled: z.boolean(),
    required: z.boolean(),
    mustEnroll: z.boolean(),
    recoveryCodesLeft: z.number().int().min(0),
    canDisable: z.boolean(),
  }),
});

/** One device in `GET /api/v1/me/sessions`. */
export const ZSessionView = z.object({
  id: z.uuid(),
  device: z.string(),
  network: z.string().nullable(),
  createdAt: ZIsoTime,
  lastSeenAt: ZIsoTime,
  isCurrent: z.boolean(),
});
/** `GET /api/v1/me/sessions`: the member's live sessions, the current one marked. */
export const ZSessionListResponse = z.object({ sessions: z.array(ZSessionView) });
/** Path parameters of the routes naming a session or a member. */
export const ZSessionIdParams = z.object({ id: z.uuid() });
/** The answer of every revocation: how many sessions ended. */
export const ZRevokedResponse = z.object({ revoked: z.number().int().min(0) });

function paramsOf(ctx: TRouteContext): { id: string } {
  const parsed = ZSessionIdParams.safeParse(ctx.params);
  // An id that cannot exist is "not found", like one that does not.
  return parsed.success ? parsed.data : { id: "00000000-0000-0000-0000-000000000000" };
}

async function getMe(ctx: TRouteContext): Promise<Response> {
  const { actor, member, session } = await requireMember(ctx.hub, ctx.request, { allowUnenrolled: true });
  const twoFactor = await getTwoFactorStatus(authDepsOf(ctx.hub), actor);
  return respond(ZMeResponse, {
    member: {
      id: member.id,
      workspaceId: member.workspaceId,
      email: member.email,
      name: member.name,
      role: member.role,
      departmentIds: member.departmentIds,
      lastSignInAt: member.lastSignInAt,
    },
    session: { id: session.id, createdAt: session.createdAt, expiresAt: session.expiresAt },
    twoFactor,
  });
}

async function listSessions(ctx: TRouteContext): Promise<Response> {
  const { actor, session } = await requireMember(ctx.hub, ctx.request);
  return respond(ZSessionListResponse, {
    sessions: await listOwnSessions(authDepsOf(ctx.hub), actor, session.id),
  });
}

async function revokeSession(ctx: TRouteContext): Promise<Response> {
  assertSameOrigin(ctx.request, hubOriginsOf(ctx.hub.config));
  const { actor } = await requireMember(ctx.hub, ctx.request, { allowUnenrolled: true });
  await revokeOwnSession(authDepsOf(ctx.hub), actor, paramsOf(ctx).id);
  return respond(ZRevokedResponse, { revoked: 1 });
}

async function revokeOthers(ctx: TRouteContext): Promise<Response> {
  assertSameOrigin(ctx.request, hubOriginsOf(ctx.hub.config));
  const { actor, session } = await requireMember(ctx.hub, ctx.request);
  return respond(ZRevokedResponse, {
    revoked: await revokeOtherOwnSessions(authDepsOf(ctx.hub), actor, session.id),
  });
}

async function revokeMember(ctx: TRouteContext): Promise<Response> {
  assertSameOrigin(ctx.request, hubOriginsOf(ctx.hub.config));
  const { actor } = await requireMember(ctx.hub, ctx.request);
  return respond(ZRevokedResponse, {
    revoked: await revokeMemberSessions(authDepsOf(ctx.hub), actor, paramsOf(ctx).id),
  });
}

/** The signed-in member and their sessions; admins' remote wipe of a member's sessions. */
export const SESSION_ROUTES: readonly TRoute[] = [
  {
    method: "GET",
    path: "/api/v1/me",
    name: "me.get",
    summary: "The signed-in member, their session and second-factor state.",
    auth: "member",
    response: ZMeResponse,
    handler: getMe,
  },
  {
    method: "GET",
    path: "/api/v1/me/sessions",
    name: "me.sessions.list",
    summary: "The member's signed-in devices (browser and system, anonymized network, times).",
    auth: "member",
    response: ZSessionListResponse,
    handler: listSessions,
  },
  {
    method: "DELETE",
    path: "/api/v1/me/sessions/:id",
    name: "me.sessions.revoke",
    summary: "Signs one of the member's devices out (the current one too).",
    auth: "member",
    response: ZRevokedResponse,
    handler: revokeSession,
  },
  {
    method: "POST",
    path: "/api/v1/me/sessions/revoke-others",
    name: "me.sessions.revokeOthers",
    summary: "Signs the member out everywhere else.",
    auth: "member",
    response: ZRevokedResponse,
    handler: revokeOthers,
  },
  {
    method: "POST",
    path: "/api/v1/members/:id/sessions/revoke",
    name: "members.sessions.revoke",
    summary: "Remote wipe (admins): ends every session of a member.",
    auth: "member",
    response: ZRevokedResponse,
    handler: revokeMember,
  },
];
