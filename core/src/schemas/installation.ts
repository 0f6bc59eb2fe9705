import { z } from "zod";
import { ZDisplayName, ZId, ZTimestamp } from "./common";

export const ZPlatform = z.enum(["slack", "zendesk", "wordpress"]);

/** A connected Slack workspace, Zendesk account or WordPress site; credentials are stored encrypted. */
export const ZInstallation = z.object({
  id: ZId,
  workspaceId: ZId,
  platform: ZPlatform,
  externalId: z.string().min(1).max(200),
  name: ZDisplayName,
  createdAt: ZTimestamp,
});
export type TInstallation = z.infer<typeof ZInstallation>;
