import { z } from "zod";
import { ZId, ZTimestamp } from "./common";

export const ZConversationStatus = z.enum(["waiting", "open", "closed"]);
export type TConversationStatus = z.infer<typeof ZConversationStatus>;

export const ZSlackLink = z.object({
  teamId: z.string().min(1),
  channelId: z.string().min(1),
  threadTs: z.string().min(1),
});
export const ZZendeskLink = z.object({ subdomain: z.string().min(1), ticketId: z.number().int().positive() });

export const ZConversation = z.object({
  id: ZId,
  workspaceId: ZId,
  siteId: ZId,
  departmentId: ZId,
  visitorId: ZId,
  status: ZConversationStatus,
  assigneeId: ZId.nullable(),
  createdAt: ZTimestamp,
  lastActivityAt: ZTimestamp,
  closedAt: ZTimestamp.nullable(),
  slack: ZSlackLink.nullable(),
  zendesk: ZZendeskLink.nullable(),
});
export type TConversation = z.infer<typeof ZConversation>;
