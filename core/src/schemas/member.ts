import { z } from "zod";
import { ZDisplayName, ZEmail, ZId, ZRole, ZTimestamp } from "./common";

export const ZMemberStatus = z.enum(["active", "invited", "deactivated"]);

/** An agent account. Secrets (password hash, TOTP secret) are never part of this public shape. */
export const ZMember = z.object({
  id: ZId,
  workspaceId: ZId,
  email: ZEmail,
  name: ZDisplayName,
  role: ZRole,
  departmentIds: z.array(ZId),
  status: ZMemberStatus,
  twoFactorEnabled: z.boolean(),
  createdAt: ZTimestamp,
  lastSignInAt: ZTimestamp.nullable(),
});
export type TMember = z.infer<typeof ZMember>;

/** Password rules shared by every place a password is set (length only; the list check is the hub's). */
export const ZNewPassword = z
  .string()
  .min(12, "must be at least 12 characters")
  .max(256, "must be at most 256 characters");
