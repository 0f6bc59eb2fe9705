import type { TResolvedPolicy } from "../retention/default-policy";
import { resolvePolicy } from "../retention/resolve-policy";
import type { TRole } from "../schemas/common";
import type { TAuthDeps } from "./deps";

/** The parts of a workspace's policy that govern agent sign-in and sessions. */
export type TAuthPolicy = Pick<TResolvedPolicy, "twoFactor" | "sessions" | "ipHandling">;

/**
 * The workspace-level policy in force for sign-in and sessions. Members belong to several
 * departments, so department and site overrides do not apply to their accounts.
 */
export async function resolveAuthPolicy(deps: TAuthDeps, workspaceId: string): Promise<TAuthPolicy> {
  const policy = resolvePolicy(await deps.store.scoped(workspaceId).policies.list(), {
    departmentId: null,
    siteId: null,
  });
  return { twoFactor: policy.twoFactor, sessions: policy.sessions, ipHandling: policy.ipHandling };
}

/** Whether the policy requires a second factor of this role (admins, by default). */
export function isTwoFactorRequiredFor(policy: TAuthPolicy, role: TRole): boolean {
  return policy.twoFactor.requiredRoles.includes(role);
}

/** Whether a member must enrol a second factor before doing anything but that. */
export function mustEnrollTwoFactor(
  policy: TAuthPolicy,
  member: { role: TRole; twoFactorEnabled: boolean },
): boolean {
  return !member.twoFactorEnabled && isTwoFactorRequiredFor(policy, member.role);
}
