import { z } from "zod";
import { ZDisplayName, ZId, ZTimestamp } from "./common";

/** A team of agents; every conversation belongs to exactly one. */
export const ZDepartment = z.object({
  id: ZId,
  workspaceId: ZId,
  name: ZDisplayName,
  createdAt: ZTimestamp,
});
export type TDepartment = z.infer<typeof ZDepartment>;
