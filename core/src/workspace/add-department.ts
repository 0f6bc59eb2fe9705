import { z } from "zod";
import { workspaceOf } from "../chat/chat-actor";
import { currentTime, nextId } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import { ZDisplayName } from "../schemas/common";
import type { TDepartment } from "../schemas/department";
import type { TWorkspaceDeps } from "./deps";

/** Input of `addDepartment`. */
export const ZAddDepartmentInput = z.object({ name: ZDisplayName });
/** `ZAddDepartmentInput` as callers pass it, before validation. */
export type TAddDepartmentInput = z.input<typeof ZAddDepartmentInput>;

/** Creates a department (admins); a name already used in the workspace is resource.conflict. */
export async function addDepartment(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TAddDepartmentInput,
): Promise<TDepartment> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "department.manage", { type: "workspace", workspaceId });
  const input = parseInput(ZAddDepartmentInput, raw);
  const department = await deps.store
    .scoped(workspaceId)
    .departments.create({ id: nextId(deps), name: input.name, createdAt: currentTime(deps) });
  await recordAudit(deps, {
    workspaceId,
    actor,
    action: "department.create",
    resource: { type: "department", id: department.id },
  });
  return department;
}
