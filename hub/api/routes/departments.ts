import { ZDisplayName } from "@tawkster/core/schemas";
import { addDepartment, listDepartments, renameDepartment } from "@tawkster/core/workspace";
import { z } from "zod";
import type { TRoute } from "../route";
import { ZApiDepartment } from "./api-schemas";
import { memberRoute } from "./member-route";

const BASE = "/api/v1/departments";
const ZDepartmentBody = z.strictObject({ name: ZDisplayName });
const ZDepartmentResponse = z.object({ department: ZApiDepartment });

/** Departments: every member may list them (to transfer chats); admins add and rename them. */
export const DEPARTMENT_ROUTES: readonly TRoute[] = [
  memberRoute({
    method: "GET",
    path: BASE,
    name: "departments.list",
    summary: "Every department of the workspace.",
    response: z.object({ departments: z.array(ZApiDepartment) }),
    handle: async ({ deps, actor }) => ({ departments: await listDepartments(deps, actor) }),
  }),
  memberRoute({
    method: "POST",
    path: BASE,
    name: "departments.create",
    summary: "Adds a department (admins).",
    body: ZDepartmentBody,
    response: ZDepartmentResponse,
    status: 201,
    handle: async ({ deps, actor, body }) => ({ department: await addDepartment(deps, actor, body) }),
  }),
  memberRoute({
    method: "PATCH",
    path: `${BASE}/:id`,
    name: "departments.update",
    summary: "Renames a department (admins).",
    body: ZDepartmentBody,
    response: ZDepartmentResponse,
    handle: async ({ deps, actor, params, body }) => ({
      department: await renameDepartment(deps, actor, { departmentId: params.id ?? "", name: body.name }),
    }),
  }),
];
