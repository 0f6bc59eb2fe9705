import { assertAuthorizedAudited } from "@tawkster/core/chat";
import { isAppError } from "@tawkster/core/errors";
import type { TAction, TMemberActor } from "@tawkster/core/rbac";
import { notFound } from "next/navigation";
import { getHub } from "../runtime";

/** The console's areas beyond the inbox, and the core permission that opens each. */
export type TConsoleArea =
  | "monitoring"
  | "analytics"
  | "members"
  | "departments"
  | "sites"
  | "policies"
  | "audit";

const AREA_ACTIONS: Readonly<Record<TConsoleArea, TAction>> = {
  // Managers watch and measure their departments; admins the whole workspace. Both read analytics.
  monitoring: "analytics.read",
  analytics: "analytics.read",
  members: "member.manage",
  departments: "department.manage",
  sites: "site.manage",
  policies: "policy.manage",
  audit: "audit.read",
};

/**
 * Lets the page render only when core allows the actor into the area; anything else is Next's
 * 404 (never a 403: a page the role may not reach does not exist for them). Core writes the
 * refusal into the audit log. Department-level permissions are checked against one of the
 * member's departments (an admin is asked about the workspace).
 */
export async function requireArea(actor: TMemberActor, area: TConsoleArea): Promise<void> {
  const action = AREA_ACTIONS[area];
  const { workspaceId } = actor;
  const firstDepartment = actor.departmentIds[0];
  const resource =
    action === "analytics.read" && actor.role !== "admin" && firstDepartment !== undefined
      ? ({ type: "department", workspaceId, id: firstDepartment } as const)
      : ({ type: "workspace", workspaceId } as const);
  await orNotFound(() => assertAuthorizedAudited(getHub(), actor, action, resource));
}

/** Runs a core read; "not found" and "denied" become the 404 page, anything else is rethrown. */
export async function orNotFound<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && (error.code === "resource.not_found" || error.code === "access.denied")) {
      notFound();
    }
    throw error;
  }
}

/** Which console areas a role's navigation shows (core still decides on every request). */
export function visibleAreas(role: TMemberActor["role"]): ReadonlySet<TConsoleArea> {
  if (role === "admin") return new Set(Object.keys(AREA_ACTIONS) as TConsoleArea[]);
  if (role === "manager") return new Set<TConsoleArea>(["monitoring", "analytics"]);
  return new Set();
}
