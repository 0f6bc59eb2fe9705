import { z } from "zod";
import { ZId, ZRole } from "../schemas/common";
import { ZPlatform } from "../schemas/installation";
import { ZMemberStatus } from "../schemas/member";

/** A signed-in member of a workspace (console user). Only `active` members are granted anything. */
export const ZMemberActor = z.object({
  type: z.literal("member"),
  workspaceId: ZId,
  memberId: ZId,
  role: ZRole,
  departmentIds: z.array(ZId),
  status: ZMemberStatus,
});
export type TMemberActor = z.infer<typeof ZMemberActor>;

/** A visitor in the widget, bound to one site by their session token. */
export const ZVisitorActor = z.object({
  type: z.literal("visitor"),
  workspaceId: ZId,
  visitorId: ZId,
  siteId: ZId,
});
export type TVisitorActor = z.infer<typeof ZVisitorActor>;

/**
 * A Slack, Zendesk or WordPress user acting through an installation: they act as the Tawkster
 * member they are linked to, with that member's rights narrowed to what a plugin may do.
 */
export const ZInstallationActor = z.object({
  type: z.literal("installation"),
  workspaceId: ZId,
  installationId: ZId,
  platform: ZPlatform,
  member: ZMemberActor,
});
export type TInstallationActor = z.infer<typeof ZInstallationActor>;

/** The scheduled and queued jobs that act without a person behind them. */
export const ZSystemJob = z.enum(["retention", "erasure", "outbox", "export"]);
export type TSystemJob = z.infer<typeof ZSystemJob>;

/** A job of the hub itself; it works in every workspace but only on what its job needs. */
export const ZSystemActor = z.object({ type: z.literal("system"), job: ZSystemJob });
export type TSystemActor = z.infer<typeof ZSystemActor>;

/** Whoever is asking. */
export const ZActor = z.discriminatedUnion("type", [
  ZMemberActor,
  ZVisitorActor,
  ZInstallationActor,
  ZSystemActor,
]);
export type TActor = z.infer<typeof ZActor>;
