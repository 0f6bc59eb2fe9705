import { z } from "zod";
import { isAppError } from "../errors/app-error";
import { assertAuthorized } from "../rbac/assert-authorized";
import { scopeConversations, type TConversationClause } from "../rbac/scope-conversations";
import type { TConversation, TConversationStatus } from "../schemas/conversation";
import type { ScopedStore } from "../store/port";
import { actingMemberOf, type TChatActor, workspaceOf } from "./chat-actor";
import type { TChatDeps } from "./deps";
import { parseInput } from "./parse-input";

/** Most summaries one call returns. */
export const MAX_CONVERSATIONS_PAGE = 1000;

/** The console's queues: waiting, open, assigned to me (open or waiting), closed, or everything visible. */
export const ZConversationView = z.enum(["waiting", "open", "mine", "closed", "all"]);
/** One of the console's conversation queues. */
export type TConversationView = z.infer<typeof ZConversationView>;

/** Input of `listConversations`. */
export const ZListConversationsInput = z.object({
  view: ZConversationView,
  departmentId: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(MAX_CONVERSATIONS_PAGE).optional(),
});
/** `ZListConversationsInput` as callers pass it, before validation. */
export type TListConversationsInput = z.input<typeof ZListConversationsInput>;

/** One row of the console's list. */
export type TConversationSummary = {
  conversation: TConversation;
  /** Shown to agents as is (names are not masked); null when unknown or erased. */
  visitorName: string | null;
  visitorVerified: boolean;
  /** Messages after the member's read marker. */
  unread: number;
  lastSeq: number;
};

/**
 * Lists the conversations a member (or plugin's member) may see in one of the console's views,
 * newest activity first. Rows come from `scopeConversations`, the same role table `authorize`
 * reads, one store query per clause merged by id, so the list never shows what opening would refuse.
 */
export async function listConversations(
  deps: TChatDeps,
  actor: TChatActor,
  raw: TListConversationsInput,
): Promise<TConversationSummary[]> {
  const workspaceId = workspaceOf(actor);
  assertAuthorized(actor, "conversation.list", { type: "workspace", workspaceId });
  const input = parseInput(ZListConversationsInput, raw);
  const scope = scopeConversations(actor);
  const member = actingMemberOf(actor);
  if (!scope.canList || member === null) return [];
  const limit = input.limit ?? MAX_CONVERSATIONS_PAGE;
  const view = toViewClause(input.view, member.memberId, input.departmentId);
  const store = deps.store.scoped(workspaceId);

  const byId = new Map<string, TConversation>();
  for (const clause of scope.anyOf) {
    const filter = intersect(clause, view);
    if (filter === null) continue;
    for (const c of await store.conversations.list({ ...filter, limit })) byId.set(c.id, c);
  }
  const conversations = [...byId.values()]
    .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || compare(a.id, b.id))
    .slice(0, limit);

  const visitors = new Map<string, Promise<{ name: string | null; verified: boolean }>>();
  const summaries: TConversationSummary[] = [];
  for (const conversation of conversations) {
    let visitor = visitors.get(conversation.visitorId);
    if (!visitor) {
      visitor = readVisitorLabel(deps, store, conversation.visitorId);
      visitors.set(conversation.visitorId, visitor);
    }
    // Messages are only ever deleted with their conversation, so the count is the last seq.
    const [label, lastSeq, readSeq] = await Promise.all([
      visitor,
      store.messages.count(conversation.id),
      store.reads.get(member.memberId, conversation.id),
    ]);
    summaries.push({
      conversation,
      visitorName: label.name,
      visitorVerified: label.verified,
      unread: Math.max(0, lastSeq - readSeq),
      lastSeq,
    });
  }
  return summaries;
}

function toViewClause(view: TConversationView, memberId: string, departmentId: string | undefined) {
  const clause: TConversationClause = departmentId === undefined ? {} : { departmentIds: [departmentId] };
  const statuses: Record<TConversationView, TConversationStatus[] | undefined> = {
    waiting: ["waiting"],
    open: ["open"],
    mine: ["open", "waiting"],
    closed: ["closed"],
    all: undefined,
  };
  const viewStatuses = statuses[view];
  if (viewStatuses) clause.statuses = viewStatuses;
  if (view === "mine") clause.assigneeId = memberId;
  return clause;
}

/** Both clauses at once, or null when they cannot both hold. */
function intersect(a: TConversationClause, b: TConversationClause): TConversationClause | null {
  const out: TConversationClause = {};
  const departmentIds = intersectLists(a.departmentIds, b.departmentIds);
  if (departmentIds) out.departmentIds = departmentIds;
  const statuses = intersectLists(a.statuses, b.statuses);
  if (statuses) out.statuses = statuses;
  if (a.assigneeId !== undefined && b.assigneeId !== undefined && a.assigneeId !== b.assigneeId) return null;
  const assigneeId = a.assigneeId !== undefined ? a.assigneeId : b.assigneeId;
  if (assigneeId !== undefined) out.assigneeId = assigneeId;
  if (out.departmentIds?.length === 0 || out.statuses?.length === 0) return null;
  return out;
}

function intersectLists<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  if (a === undefined) return b && [...b];
  if (b === undefined) return [...a];
  return a.filter((item) => b.includes(item));
}

async function readVisitorLabel(
  deps: TChatDeps,
  store: ScopedStore,
  visitorId: string,
): Promise<{ name: string | null; verified: boolean }> {
  const row = await store.visitors.get(visitorId);
  if (!row) return { name: null, verified: false };
  if (row.nameCipher === null) return { name: null, verified: row.identityVerified };
  // Only the name is opened: a list has no business decrypting every visitor's email and IP.
  const ctx = {
    workspaceId: store.workspaceId,
    keyId: row.keyId,
    table: "visitors",
    rowId: row.id,
    column: "name",
  };
  try {
    return { name: await deps.vault.decrypt(ctx, row.nameCipher), verified: row.identityVerified };
  } catch (error) {
    // Erased (key shredded): the row lingers until it is deleted; it has no name any more.
    if (isAppError(error) && error.code === "crypto.unreadable") return { name: null, verified: false };
    throw error;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
