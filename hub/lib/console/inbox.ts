import { listConversations, type TConversationSummary } from "@tawkster/core/chat";
import { authorize, type TMemberActor, toConversationResource } from "@tawkster/core/rbac";
import type { TConversationStatus, TDepartment } from "@tawkster/core/schemas";
import { listDepartments, listMembers } from "@tawkster/core/workspace";
import { z } from "zod";
import { getHub } from "../runtime";

/** The inbox's tabs, in the order they are shown. */
export const INBOX_TABS = ["waiting", "open", "mine", "closed"] as const;
export type TInboxTab = (typeof INBOX_TABS)[number];

export const TAB_LABELS: Readonly<Record<TInboxTab, string>> = {
  waiting: "Waiting",
  open: "Open",
  mine: "Mine",
  closed: "Closed",
};

/** The inbox's query string: `?tab=open&department=<id>`; anything malformed falls back. */
export const ZInboxQuery = z.object({
  tab: z.enum(INBOX_TABS).catch("waiting"),
  department: z.uuid().optional().catch(undefined),
});
export type TInboxQuery = z.infer<typeof ZInboxQuery>;

/** One row of the inbox or the monitoring list, ready to print. */
export type TConversationRow = {
  id: string;
  visitorName: string | null;
  isVerified: boolean;
  departmentName: string;
  status: TConversationStatus;
  assigneeName: string | null;
  lastActivityAt: Date;
  unread: number;
};

/** The names the lists print instead of ids. */
export type TDirectory = {
  departments: TDepartment[];
  members: { id: string; name: string }[];
  departmentName: (id: string) => string;
  memberName: (id: string | null) => string | null;
};

/** Departments and members by name, read through core (every active member may read both). */
export async function loadDirectory(actor: TMemberActor): Promise<TDirectory> {
  const hub = getHub();
  const [departments, members] = await Promise.all([listDepartments(hub, actor), listMembers(hub, actor)]);
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  return {
    departments,
    members: members.map((m) => ({ id: m.id, name: m.name })),
    departmentName: (id) => departmentNames.get(id) ?? "Unknown department",
    memberName: (id) => (id === null ? null : (memberNames.get(id) ?? "Former member")),
  };
}

/** The departments a member picks from in filters: all of them for an admin, else their own. */
export function filterableDepartments(actor: TMemberActor, directory: TDirectory): TDepartment[] {
  if (actor.role === "admin") return directory.departments;
  return directory.departments.filter((d) => actor.departmentIds.includes(d.id));
}

/** A page of the inbox: one tab, optionally one department, as core lists it for this member. */
export async function loadInbox(actor: TMemberActor, query: TInboxQuery, directory: TDirectory) {
  const summaries = await listConversations(getHub(), actor, {
    view: query.tab,
    ...(query.department !== undefined && { departmentId: query.department }),
    limit: 200,
  });
  return summaries.map((summary) => toRow(summary, directory));
}

/**
 * Every live (waiting or open) conversation the member may monitor: a manager's departments, or
 * the whole workspace for an admin. Rows come from core's list; `authorize` keeps those of the
 * monitored departments (a manager's own chat in another department is not theirs to monitor).
 */
export async function loadLiveConversations(actor: TMemberActor, directory: TDirectory) {
  const hub = getHub();
  const [waiting, open] = await Promise.all([
    listConversations(hub, actor, { view: "waiting", limit: 500 }),
    listConversations(hub, actor, { view: "open", limit: 500 }),
  ]);
  return [...waiting, ...open]
    .filter((s) => authorize(actor, "conversation.monitor", toConversationResource(s.conversation)).allowed)
    .sort((a, b) => b.conversation.lastActivityAt.getTime() - a.conversation.lastActivityAt.getTime())
    .map((summary) => toRow(summary, directory));
}

function toRow(summary: TConversationSummary, directory: TDirectory): TConversationRow {
  const { conversation } = summary;
  return {
    id: conversation.id,
    visitorName: summary.visitorName,
    isVerified: summary.visitorVerified,
    departmentName: directory.departmentName(conversation.departmentId),
    status: conversation.status,
    assigneeName: directory.memberName(conversation.assigneeId),
    lastActivityAt: conversation.lastActivityAt,
    unread: summary.unread,
  };
}
