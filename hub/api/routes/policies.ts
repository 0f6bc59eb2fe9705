import { AppError } from "@tawkster/core/errors";
import type { TPolicyScope } from "@tawkster/core/schemas";
import { getPolicies, getResolvedPolicy, putPolicy, ZPutPolicySettings } from "@tawkster/core/workspace";
import { z } from "zod";
import type { TRoute } from "../route";
import { ZApiPolicy, ZApiResolvedPolicy } from "./api-schemas";
import { memberRoute } from "./member-route";

const BASE = "/api/v1/policies";
const ZPolicyResponse = z.object({ policy: ZApiPolicy });
const ZResolvedQuery = z.strictObject({
  departmentId: z.string().max(200).optional(),
  siteId: z.string().max(200).optional(),
});

/** The layer a PUT names: the workspace (no id), or one department or site (with its id). */
function toScope(scopeType: string | undefined, scopeId: string | undefined): TPolicyScope {
  if (scopeType === "workspace" && scopeId === undefined) return { type: "workspace" };
  if ((scopeType === "department" || scopeType === "site") && scopeId !== undefined) {
    return { type: scopeType, id: scopeId };
  }
  throw new AppError(
    "request.invalid",
    "scope: use /policies/workspace, /policies/department/{id} or /policies/site/{id}.",
  );
}

/** Policies (retention, redaction, IPs, 2FA, sessions): admins and managers read, admins set. */
export const POLICY_ROUTES: readonly TRoute[] = [
  memberRoute({
    method: "GET",
    path: BASE,
    name: "policies.list",
    summary: "Every policy layer as set (admins and managers); unset fields fall back to the defaults.",
    response: z.object({ policies: z.array(ZApiPolicy) }),
    handle: async ({ deps, actor }) => ({ policies: await getPolicies(deps, actor) }),
  }),
  memberRoute({
    method: "GET",
    path: `${BASE}/resolved`,
    name: "policies.resolved",
    summary: "Preview: the policy in force for a department and site, every field decided.",
    query: ZResolvedQuery,
    response: z.object({ policy: ZApiResolvedPolicy }),
    handle: async ({ deps, actor, query }) => ({
      policy: await getResolvedPolicy(deps, actor, {
        departmentId: query.departmentId ?? null,
        siteId: query.siteId ?? null,
      }),
    }),
  }),
  ...[`${BASE}/:scopeType`, `${BASE}/:scopeType/:scopeId`].map((path, index) =>
    memberRoute({
      method: "PUT",
      path,
      name: index === 0 ? "policies.put-workspace" : "policies.put-scoped",
      summary:
        index === 0
          ? "Replaces the workspace policy's settings (admins; `scopeType` is `workspace`)."
          : "Replaces a department's or site's policy settings (admins; `scopeType` is `department` or `site`).",
      body: ZPutPolicySettings,
      response: ZPolicyResponse,
      handle: async ({ deps, actor, params, body }) => ({
        policy: await putPolicy(deps, actor, toScope(params.scopeType, params.scopeId), body),
      }),
    }),
  ),
];
