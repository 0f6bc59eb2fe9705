import { z } from "zod";
import { AppError } from "../errors/app-error";
import { ZEmail, ZId } from "../schemas/common";
import type { ScopedStore, TMemberRow } from "../store/port";

/** A member's sign-in email: trimmed and lower-cased, as the store compares them. */
export const ZMemberEmail = z.string().trim().toLowerCase().pipe(ZEmail);

/** The departments a member works in: ids, no duplicates. */
export const ZMemberDepartmentIds = z
  .array(ZId)
  .max(500)
  .transform((ids) => [...new Set(ids)]);

/** A password hash made by the hub (argon2id); core never sees the password itself. */
export const ZPasswordHash = z.string().min(1).max(1024);

/** Throws request.invalid unless every id names a department of the workspace. */
export async function assertDepartmentsExist(scope: ScopedStore, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const known = new Set((await scope.departments.list()).map((d) => d.id));
  if (!ids.every((id) => known.has(id))) {
    throw new AppError("request.invalid", "departmentIds: no such department.");
  }
}

/**
 * Throws resource.conflict when `member` is the workspace's last active admin: a workspace nobody
 * can administer again (members, policies, erasure requests) needs a database edit to recover.
 */
export async function assertNotLastActiveAdmin(scope: ScopedStore, member: TMemberRow): Promise<void> {
  if (member.role !== "admin" || member.status !== "active") return;
  const activeAdmins = (await scope.members.list()).filter(
    (m) => m.role === "admin" && m.status === "active",
  );
  if (activeAdmins.length <= 1) {
    throw new AppError("resource.conflict", "A workspace must keep at least one active admin.");
  }
}
