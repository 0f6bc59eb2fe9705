import { AppError, describeZodError } from "../errors/app-error";
import { type TPolicy, type TPolicySettings, ZPolicy } from "../schemas/policy";
import { DEFAULT_POLICY, type TResolvedPolicy } from "./default-policy";

/** What a policy is resolved for: a conversation's department and site, a visitor's site, or neither (workspace). */
export type TPolicyTarget = { departmentId: string | null; siteId: string | null };

const RETENTION_FIELDS = ["conversationDays", "visitorDays", "auditDays"] as const;

/**
 * The policy in force for a department and site of one workspace. Layers, least to most specific:
 * built-in defaults < workspace < department < site. The most specific layer that sets a field
 * wins, field by field (each retention period, each redaction rule, each session limit on its own);
 * an explicit `null` period ("keep forever") overrides a number below it. `twoFactor.requiredRoles`
 * is one field: the most specific list replaces the others. Legal hold is the exception: `true` at
 * any applicable layer wins, since a hold must not be lifted by a narrower setting.
 *
 * Throws `config.invalid` for an invalid policy and `internal.error` when policies of several
 * workspaces are mixed.
 *
 * @example
 * resolvePolicy(await scope.policies.list(), { departmentId: c.departmentId, siteId: c.siteId })
 */
export function resolvePolicy(policies: readonly TPolicy[], target: TPolicyTarget): TResolvedPolicy {
  const valid = policies.map(parsePolicy);
  const workspaceIds = new Set(valid.map((policy) => policy.workspaceId));
  if (workspaceIds.size > 1) {
    throw new AppError("internal.error", "Policies of more than one workspace cannot be resolved together.");
  }
  const layers = [
    ...valid.filter((p) => p.scope.type === "workspace"),
    ...valid.filter((p) => p.scope.type === "department" && p.scope.id === target.departmentId),
    ...valid.filter((p) => p.scope.type === "site" && p.scope.id === target.siteId),
  ];
  const resolved = structuredClone(DEFAULT_POLICY);
  for (const layer of layers) applyLayer(resolved, layer.settings);
  return resolved;
}

function parsePolicy(policy: TPolicy): TPolicy {
  // A period of 0 or a negative one would make every conversation due at once: refuse to plan on it.
  const parsed = ZPolicy.safeParse(policy);
  if (!parsed.success) {
    throw new AppError("config.invalid", `Invalid policy: ${describeZodError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

function applyLayer(resolved: TResolvedPolicy, settings: TPolicySettings): void {
  for (const field of RETENTION_FIELDS) {
    const days = settings.retention?.[field];
    if (days !== undefined) resolved.retention[field] = days;
  }
  if (settings.legalHold === true) resolved.legalHold = true;
  if (settings.redaction?.mode !== undefined) resolved.redaction.mode = settings.redaction.mode;
  for (const [kind, isOn] of Object.entries(settings.redaction?.rules ?? {})) {
    if (isOn !== undefined)
      resolved.redaction.rules[kind as keyof TResolvedPolicy["redaction"]["rules"]] = isOn;
  }
  if (settings.ipHandling !== undefined) resolved.ipHandling = settings.ipHandling;
  if (settings.twoFactor !== undefined)
    resolved.twoFactor = { requiredRoles: [...settings.twoFactor.requiredRoles] };
  if (settings.sessions?.idleMinutes !== undefined)
    resolved.sessions.idleMinutes = settings.sessions.idleMinutes;
  if (settings.sessions?.maxAgeHours !== undefined)
    resolved.sessions.maxAgeHours = settings.sessions.maxAgeHours;
}
