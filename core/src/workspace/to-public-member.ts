import type { TMember } from "../schemas/member";
import type { TMemberRow } from "../store/port";

/**
 * A member's public shape: listed field by field, so a secret added to the row later (a new
 * second factor, a hash) stays out of every answer until someone decides otherwise.
 */
export function toPublicMember(row: TMemberRow): TMember {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    email: row.email,
    name: row.name,
    role: row.role,
    departmentIds: [...row.departmentIds],
    status: row.status,
    twoFactorEnabled: row.twoFactorEnabled,
    createdAt: row.createdAt,
    lastSignInAt: row.lastSignInAt,
  };
}
