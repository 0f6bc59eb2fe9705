import { z } from "zod";
import { workspaceOf } from "../chat/chat-actor";
import { parseInput } from "../chat/parse-input";
import { resolveWorkspacePolicy } from "../chat/resolve-conversation-policy";
import type { TMemberActor } from "../rbac/actors";
import { assertAuthorized } from "../rbac/assert-authorized";
import type { TResolvedPolicy } from "../retention/default-policy";
import type { TWorkspaceDeps } from "./deps";

/** Input of `getResolvedPolicy`: the department and site to resolve for (null: the workspace layer only). */
export const ZGetResolvedPolicyInput = z.object({
  departmentId: z.string().max(200).nullable(),
  siteId: z.string().max(200).nullable(),
});
/** `ZGetResolvedPolicyInput` as callers pass it, before validation. */
export type TGetResolvedPolicyInput = z.input<typeof ZGetResolvedPolicyInput>;

/** The policy in force for a department and site, every field decided (admins and managers). */
export async function getResolvedPolicy(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  raw: TGetResolvedPolicyInput,
): Promise<TResolvedPolicy> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "policy.read", { type: "workspace", workspaceId });
  const input = parseInput(ZGetResolvedPolicyInput, raw);
  return resolveWorkspacePolicy(deps, workspaceId, input);
}
