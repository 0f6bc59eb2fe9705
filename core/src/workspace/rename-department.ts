import { z } from "zod";
import { workspaceOf } from "../chat/chat-actor";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import { AppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import { ZDisplayName } from "../schemas/common";
import type { TDepartment } from "../schemas/department";
import type { TWorkspaceDeps } from "./deps";

/** Input of `renameDepartment`. */
export const ZRenameDepartmentInput = z.object({ departmentId: z.string().max(200), name: ZDisplayName });
/** `ZRenameDepartmentInput` as callers pass it, before validation. */
export type TRenameDepartmentInput = z.input<typeof ZRenameDepartmentInput>;

/** Renames a department (admins); a name already used in the workspace is resource.conflict. */
export async function renameDepartment(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TRenameDepartmentInput,
): Promise<TDepartment> {
  const workspaceId = workspaceOf(actor);
  const input = parseInput(ZRenameDepartmentInput, raw);
  const scope = deps.store.scoped(workspaceId);
  const existing = await scope.departments.get(input.departmentId);
  if (!existing) throw new AppError("resource.not_found", "Not found.");
  assertAuthorized(actor, "department.manage", { type: "department", workspaceId, id: existing.id });
  if (existing.name === input.name) return existing;
  const renamed = await scope.departments.rename(existing.id, input.name);
  if (!renamed) throw new AppError("resource.not_found", "Not found.");
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "department.rename",
    resource: { type: "department", id: existing.id },
  });
  return renamed;
}
