import type { TRole } from "../schemas/common";
import type { TAction } from "./actions";
import type { TSystemJob } from "./actors";
import type { TResourceType } from "./resources";

/*
 * The role table of ARCHITECTURE.md, as data. `authorize` reads only these constants.
 *
 * A decision is made in two steps:
 *   1. visibility — may the actor know this resource exists? If not: "not-found" (the hub answers
 *      404, so another workspace's or department's ids reveal nothing).
 *   2. grant — may the actor do this action to it? If not: "forbidden" (403).
 *
 * | action                | admin   | manager                            | agent                                  | plugin (as its member) | visitor            | system job |
 * |-----------------------|---------|------------------------------------|----------------------------------------|------------------------|--------------------|------------|
 * | conversation.list     | yes     | yes (rows: scopeConversations)     | yes (rows: scopeConversations)         | as member              | -                  | -          |
 * | conversation.read     | all     | in my departments, or assigned to me | open/waiting in my departments, or assigned to me | as member   | own conversations  | outbox     |
 * | conversation.reply    | all     | in my departments, or assigned to me | assigned to me, or unassigned open/waiting in my departments | as member | own conversations | -   |
 * | conversation.claim    | all     | in my departments, or assigned to me | same as reply                        | as member              | -                  | -          |
 * | conversation.transfer | all     | in my departments, or assigned to me | same as reply                        | as member              | -                  | -          |
 * | conversation.close    | all     | in my departments, or assigned to me | same as reply                        | as member              | own conversations  | -          |
 * | conversation.assign   | all     | in my departments                  | -                                      | as member              | -                  | -          |
 * | conversation.monitor  | all     | in my departments                  | -                                      | -                      | -                  | -          |
 * | analytics.read        | all     | my departments (not workspace-wide) | -                                     | -                      | -                  | -          |
 * | member.read           | all     | all                                | all                                    | -                      | -                  | -          |
 * | member.manage         | all     | -                                  | -                                      | -                      | -                  | -          |
 * | profile.update        | own     | own                                | own                                    | -                      | -                  | -          |
 * | department.manage     | all     | -                                  | -                                      | -                      | -                  | -          |
 * | site.manage           | yes     | -                                  | -                                      | -                      | -                  | -          |
 * | installation.manage   | yes     | -                                  | -                                      | -                      | -                  | -          |
 * | policy.read           | yes     | yes                                | -                                      | -                      | -                  | -          |
 * | policy.manage         | yes     | -                                  | -                                      | -                      | -                  | -          |
 * | audit.read            | yes     | -                                  | -                                      | -                      | -                  | -          |
 * | privacy.export        | all     | -                                  | -                                      | -                      | own data, own conversations | export |
 * | privacy.erase         | all     | -                                  | -                                      | -                      | -                  | erasure    |
 * | privacy.lookup        | all     | -                                  | -                                      | -                      | -                  | erasure    |
 * | retention.run         | yes     | -                                  | -                                      | -                      | -                  | retention  |
 *
 * Decisions worth knowing:
 * - An agent does not see a closed conversation of their department unless it is assigned to them:
 *   closed transcripts are history, which is the managers' and admins' business.
 * - An agent may read a colleague's open conversation in their department, but not reply, claim,
 *   transfer or close it: taking over someone's chat is assigning, which is a manager's call.
 * - A conversation assigned to a member stays theirs when it is transferred to another department.
 * - `profile.update` is the member's own profile (name, password, second factors), for admins too:
 *   an admin changes another member through `member.manage`, which never sets their credentials.
 * - Managers and agents never see visitor records as such (only through conversations), so an
 *   export or erasure request by a non-admin answers "not-found".
 * - `privacy.lookup` (finding visitors by email or id, for an export or an erasure) is its own
 *   action so the audit log says what was done — a lookup — not that an erasure was prepared; it
 *   is granted to exactly those who could look visitors up before (admins and the erasure job).
 * - `authorize` answers who may act, not whether the conversation's state allows it: replying to a
 *   closed conversation or claiming one twice is the domain's conflict to refuse.
 */

/**
 * A condition a resource must meet, relative to the member asking (their workspace is already
 * checked before any condition is).
 */
export type TGrantCondition =
  /** Any resource of the member's workspace. */
  | "in-workspace"
  /** A conversation or department of one of the member's departments, whatever its status. */
  | "in-my-departments"
  /** A conversation whose assignee is the member, in any department and any status. */
  | "assigned-to-me"
  /** An open or waiting conversation of one of the member's departments. */
  | "active-in-my-departments"
  /** An open or waiting conversation of one of the member's departments that nobody has yet. */
  | "unassigned-active-in-my-departments"
  /** The member's own account. */
  | "myself";

/** Conditions, any one of which is enough. */
type TConditions = readonly TGrantCondition[];

const ALL: TConditions = ["in-workspace"];
const NEVER: TConditions = [];

/** Which resources of each type each role may know exist; anything else is "not-found". */
export const ROLE_VISIBILITY: Readonly<Record<TRole, Readonly<Record<TResourceType, TConditions>>>> = {
  admin: { workspace: ALL, conversation: ALL, department: ALL, member: ALL, visitor: ALL },
  manager: {
    workspace: ALL,
    conversation: ["in-my-departments", "assigned-to-me"],
    department: ["in-my-departments"],
    member: ALL,
    visitor: NEVER,
  },
  agent: {
    workspace: ALL,
    conversation: ["active-in-my-departments", "assigned-to-me"],
    department: ["in-my-departments"],
    member: ALL,
    visitor: NEVER,
  },
};

const MY_DEPARTMENTS_OR_MINE: TConditions = ["in-my-departments", "assigned-to-me"];
const MINE_OR_UNCLAIMED: TConditions = ["assigned-to-me", "unassigned-active-in-my-departments"];

/** What each role may do to a resource it can see; an action missing from a role is "forbidden". */
export const ROLE_GRANTS: Readonly<Record<TRole, Readonly<Partial<Record<TAction, TConditions>>>>> = {
  admin: {
    "conversation.list": ALL,
    "conversation.read": ALL,
    "conversation.reply": ALL,
    "conversation.claim": ALL,
    "conversation.assign": ALL,
    "conversation.transfer": ALL,
    "conversation.close": ALL,
    "conversation.monitor": ALL,
    "analytics.read": ALL,
    "member.read": ALL,
    "member.manage": ALL,
    "profile.update": ["myself"],
    "department.manage": ALL,
    "site.manage": ALL,
    "installation.manage": ALL,
    "policy.read": ALL,
    "policy.manage": ALL,
    "audit.read": ALL,
    "privacy.export": ALL,
    "privacy.erase": ALL,
    "privacy.lookup": ALL,
    "retention.run": ALL,
  },
  manager: {
    "conversation.list": ALL,
    "conversation.read": MY_DEPARTMENTS_OR_MINE,
    "conversation.reply": MY_DEPARTMENTS_OR_MINE,
    "conversation.claim": MY_DEPARTMENTS_OR_MINE,
    "conversation.transfer": MY_DEPARTMENTS_OR_MINE,
    "conversation.close": MY_DEPARTMENTS_OR_MINE,
    // Choosing who handles a chat, and watching it live, stay within the departments they manage.
    "conversation.assign": ["in-my-departments"],
    "conversation.monitor": ["in-my-departments"],
    "analytics.read": ["in-my-departments"],
    "member.read": ALL,
    "profile.update": ["myself"],
    // Reading policies tells a manager how long their department's chats live; changing them is admin.
    "policy.read": ALL,
  },
  agent: {
    "conversation.list": ALL,
    "conversation.read": ["active-in-my-departments", "assigned-to-me"],
    "conversation.reply": MINE_OR_UNCLAIMED,
    "conversation.claim": MINE_OR_UNCLAIMED,
    "conversation.transfer": MINE_OR_UNCLAIMED,
    "conversation.close": MINE_OR_UNCLAIMED,
    // The directory, so an agent can see who to transfer to.
    "member.read": ALL,
    "profile.update": ["myself"],
  },
};

/**
 * What a plugin (Slack, Zendesk, WordPress) may do on behalf of its linked member: conversation
 * work only. Settings, members, audit and privacy requests need the console, where second factors
 * and sessions are enforced.
 */
export const PLUGIN_ACTIONS: readonly TAction[] = [
  "conversation.list",
  "conversation.read",
  "conversation.reply",
  "conversation.claim",
  "conversation.assign",
  "conversation.transfer",
  "conversation.close",
];

/** What a visitor may do to their own conversations and their own data; nothing else exists for them. */
export const VISITOR_ACTIONS: readonly TAction[] = [
  "conversation.read",
  "conversation.reply",
  "conversation.close",
  "privacy.export",
];

/** The actions each job needs, in any workspace; nothing more. */
export const SYSTEM_JOB_ACTIONS: Readonly<Record<TSystemJob, readonly TAction[]>> = {
  retention: ["retention.run"],
  // Erases on request from the API or WordPress, after finding whom the request is about.
  erasure: ["privacy.erase", "privacy.lookup"],
  // Relays stored messages to Slack and Zendesk.
  outbox: ["conversation.read"],
  export: ["privacy.export"],
};
