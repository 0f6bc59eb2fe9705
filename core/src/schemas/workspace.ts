import { z } from "zod";
import { ZDisplayName, ZId, ZTimestamp } from "./common";

/** One business: the tenant every row belongs to. */
export const ZWorkspace = z.object({
  id: ZId,
  name: ZDisplayName,
  createdAt: ZTimestamp,
});
export type TWorkspace = z.infer<typeof ZWorkspace>;
