import { z } from "zod";
import { AppError } from "../errors/app-error";
import { type TVisitorActor, ZVisitorActor } from "../rbac/actors";
import type { TConversation } from "../schemas/conversation";
import type { TDepartment } from "../schemas/department";
import { toConversationUpdatedEvent } from "./change-conversation";
import { currentTime, nextId, type TChatDeps } from "./deps";
import { parseInput } from "./parse-input";
import { publishSafely } from "./publish-safely";
import { recordAudit } from "./record-audit";

/** Input of `startConversation`: the department the visitor picked, if the widget offers a choice. */
export const ZStartConversationInput = z.object({
  departmentId: z.string().max(200).nullable().optional(),
});
/** `ZStartConversationInput` as callers pass it, before validation. */
export type TStartConversationInput = z.input<typeof ZStartConversationInput>;

/**
 * Opens a new conversation for a visitor, waiting for an agent. It goes to the department the
 * visitor picked if that exists in the workspace, else the site's default department, else the
 * workspace's oldest department (a stale or forged choice falls back rather than failing the chat).
 */
export async function startConversation(
  deps: TChatDeps,
  visitorActor: TVisitorActor,
  raw: TStartConversationInput = {},
): Promise<TConversation> {
  const actor = ZVisitorActor.safeParse(visitorActor);
  if (!actor.success) throw new AppError("resource.not_found", "Not found.");
  const { workspaceId, visitorId, siteId } = actor.data;
  const input = parseInput(ZStartConversationInput, raw);
  const scope = deps.store.scoped(workspaceId);
  const [visitor, site] = await Promise.all([scope.visitors.get(visitorId), scope.sites.get(siteId)]);
  if (!visitor || visitor.siteId !== siteId || !site) throw new AppError("resource.not_found", "Not found.");

  const departments = await scope.departments.list();
  const department =
    findDepartment(departments, input.departmentId ?? null) ??
    findDepartment(departments, site.defaultDepartmentId) ??
    oldest(departments);
  if (!department)
    throw new AppError("resource.conflict", "This workspace has no department to take chats yet.");

  const now = currentTime(deps);
  const conversation = await scope.conversations.create({
    id: nextId(deps),
    siteId,
    departmentId: department.id,
    visitorId,
    status: "waiting",
    assigneeId: null,
    createdAt: now,
    lastActivityAt: now,
    closedAt: null,
    slack: null,
    zendesk: null,
  });
  await recordAudit(deps, {
    workspaceId,
    actor: actor.data,
    action: "conversation.start",
    resource: { type: "conversation", id: conversation.id },
    details: { departmentId: department.id, siteId },
  });
  await publishSafely(deps, [toConversationUpdatedEvent(conversation)]);
  return conversation;
}

function findDepartment(departments: readonly TDepartment[], id: string | null): TDepartment | null {
  return id === null ? null : (departments.find((d) => d.id === id) ?? null);
}

function oldest(departments: readonly TDepartment[]): TDepartment | null {
  let first: TDepartment | null = null;
  for (const d of departments) {
    const isOlder =
      first === null ||
      d.createdAt.getTime() < first.createdAt.getTime() ||
      (d.createdAt.getTime() === first.createdAt.getTime() && d.id < first.id);
    if (isOlder) first = d;
  }
  return first;
}
