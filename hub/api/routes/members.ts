import { ZDisplayName, ZEmail, ZId, ZRole } from "@tawkster/core/schemas";
import { addMember, deactivateMember, listMembers, updateMember } from "@tawkster/core/workspace";
import { z } from "zod";
import type { TRoute } from "../route";
import { ZApiMember } from "./api-schemas";
import { memberRoute } from "./member-route";

const BASE = "/api/v1/members";
const ZMemberResponse = z.object({ member: ZApiMember });

// An invitation carries no password: the member sets their own (the hub never sees one chosen for them).
const ZInviteBody = z.strictObject({
  email: ZEmail,
  name: ZDisplayName,
  role: ZRole,
  departmentIds: z.array(ZId).max(500).default([]),
});

const ZUpdateBody = z
  .strictObject({
    role: ZRole.optional(),
    departmentIds: z.array(ZId).max(500).optional(),
    name: ZDisplayName.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "name at least one of role, departmentIds, name");

/** The member directory (every member reads it) and its administration (admins). */
export const MEMBER_ROUTES: readonly TRoute[] = [
  memberRoute({
    method: "GET",
    path: BASE,
    name: "members.list",
    summary: "The member directory (public fields only).",
    response: z.object({ members: z.array(ZApiMember) }),
    handle: async ({ deps, actor }) => ({ members: await listMembers(deps, actor) }),
  }),
  memberRoute({
    method: "POST",
    path: BASE,
    name: "members.invite",
    summary:
      "Invites a member with a role and departments (admins); they are `invited` until they set a password.",
    body: ZInviteBody,
    response: ZMemberResponse,
    status: 201,
    handle: async ({ deps, actor, body }) => ({
      member: await addMember(deps, actor, { ...body, passwordHash: null }),
    }),
  }),
  memberRoute({
    method: "PATCH",
    path: `${BASE}/:id`,
    name: "members.update",
    summary: "Changes a member's role, departments or name (admins).",
    body: ZUpdateBody,
    response: ZMemberResponse,
    handle: async ({ deps, actor, params, body }) => ({
      member: await updateMember(deps, actor, {
        memberId: params.id ?? "",
        ...(body.role !== undefined && { role: body.role }),
        ...(body.departmentIds !== undefined && { departmentIds: body.departmentIds }),
        ...(body.name !== undefined && { name: body.name }),
      }),
    }),
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/:id/deactivate`,
    name: "members.deactivate",
    summary: "Deactivates a member (admins): their sessions end and their open chats return to the queue.",
    response: ZMemberResponse,
    handle: async ({ deps, actor, params }) => ({
      member: await deactivateMember(deps, actor, { memberId: params.id ?? "" }),
    }),
  }),
];
