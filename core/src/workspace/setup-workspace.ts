import { z } from "zod";
import { currentTime, nextId } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import { recordAudit } from "../chat/record-audit";
import { AppError } from "../errors/app-error";
import { ZDisplayName } from "../schemas/common";
import type { TDepartment } from "../schemas/department";
import type { TMember } from "../schemas/member";
import type { TWorkspace } from "../schemas/workspace";
import type { Store } from "../store/port";
import type { TWorkspaceDeps } from "./deps";
import { ZMemberEmail, ZPasswordHash } from "./member-fields";
import { toPublicMember } from "./to-public-member";

/** Input of `setupWorkspace`: the business's name and its first admin (password already hashed). */
export const ZSetupWorkspaceInput = z.object({
  workspaceName: ZDisplayName,
  admin: z.object({ email: ZMemberEmail, name: ZDisplayName, passwordHash: ZPasswordHash }),
});
/** `ZSetupWorkspaceInput` as callers pass it, before validation. */
export type TSetupWorkspaceInput = z.input<typeof ZSetupWorkspaceInput>;

/** What first-run setup created. */
export type TWorkspaceSetup = { workspace: TWorkspace; admin: TMember; department: TDepartment };

// Two setup requests racing in one process must not both pass the "no workspace yet" check.
const setupsInFlight = new WeakMap<Store, Promise<unknown>>();

/**
 * First-run setup: creates the workspace, its "General" department, an empty workspace policy (the
 * built-in defaults apply), the workspace's data key and its first admin (active, in every
 * department, no second factor yet). Refused with resource.conflict once any workspace exists, so
 * the setup page cannot be used to take over an installed hub.
 */
export async function setupWorkspace(
  deps: TWorkspaceDeps,
  raw: TSetupWorkspaceInput,
): Promise<TWorkspaceSetup> {
  const input = parseInput(ZSetupWorkspaceInput, raw);
  const previous = setupsInFlight.get(deps.store) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => createFirstWorkspace(deps, input));
  setupsInFlight.set(deps.store, run);
  return run;
}

async function createFirstWorkspace(
  deps: TWorkspaceDeps,
  input: z.output<typeof ZSetupWorkspaceInput>,
): Promise<TWorkspaceSetup> {
  if ((await deps.store.workspaces.list()).length > 0) {
    throw new AppError("resource.conflict", "This Tawkster is already set up.");
  }
  const now = currentTime(deps);
  const workspace = await deps.store.workspaces.create({
    id: nextId(deps),
    name: input.workspaceName,
    createdAt: now,
  });
  const scope = deps.store.scoped(workspace.id);
  const department = await scope.departments.create({ id: nextId(deps), name: "General", createdAt: now });
  await scope.policies.put({ type: "workspace" }, {});
  await deps.vault.ensureKey({ workspaceId: workspace.id, purpose: "workspace", ownerId: null });
  const admin = await scope.members.create({
    id: nextId(deps),
    email: input.admin.email,
    name: input.admin.name,
    role: "admin",
    departmentIds: [department.id],
    status: "active",
    twoFactorEnabled: false,
    passwordHash: input.admin.passwordHash,
    keyId: null,
    totpSecretCipher: null,
    createdAt: now,
    lastSignInAt: null,
  });
  // Nobody is signed in yet: the actor is whoever reached the setup page, recorded as anonymous.
  await recordAudit(deps, {
    workspaceId: workspace.id,
    actor: null,
    action: "workspace.setup",
    resource: { type: "workspace", id: workspace.id },
    details: { adminId: admin.id, departmentId: department.id },
  });
  return { workspace, admin: toPublicMember(admin), department };
}
