import { z } from "zod";
import { ZId } from "../schemas/common";
import { type TConversation, ZConversationStatus } from "../schemas/conversation";

/** A conversation, with exactly what a decision about it needs. */
export const ZConversationResource = z.object({
  type: z.literal("conversation"),
  workspaceId: ZId,
  id: ZId,
  departmentId: ZId,
  status: ZConversationStatus,
  assigneeId: ZId.nullable(),
  visitorId: ZId,
});
export type TConversationResource = z.infer<typeof ZConversationResource>;

/** A department (its analytics, its settings). */
export const ZDepartmentResource = z.object({ type: z.literal("department"), workspaceId: ZId, id: ZId });

/** A member account (its profile, its role). */
export const ZMemberResource = z.object({ type: z.literal("member"), workspaceId: ZId, id: ZId });

/** A visitor, as the subject of an export or erasure request. */
export const ZVisitorResource = z.object({ type: z.literal("visitor"), workspaceId: ZId, id: ZId });

/**
 * The workspace itself: everything configured once per workspace (members list, sites and domains,
 * installations, policies, audit log, retention runs, workspace-wide analytics).
 */
export const ZWorkspaceResource = z.object({ type: z.literal("workspace"), workspaceId: ZId });

/** Anything `authorize` can be asked about; every variant carries its workspace. */
export const ZResource = z.discriminatedUnion("type", [
  ZConversationResource,
  ZDepartmentResource,
  ZMemberResource,
  ZVisitorResource,
  ZWorkspaceResource,
]);
export type TResource = z.infer<typeof ZResource>;
export type TResourceType = TResource["type"];

/** The conversation resource for a stored conversation (drops everything a decision does not need). */
export function toConversationResource(conversation: TConversation): TConversationResource {
  return {
    type: "conversation",
    workspaceId: conversation.workspaceId,
    id: conversation.id,
    departmentId: conversation.departmentId,
    status: conversation.status,
    assigneeId: conversation.assigneeId,
    visitorId: conversation.visitorId,
  };
}
