// The role table, as a test: every actor × every action × every resource situation, with the
// decision written out by hand. It stops cross-workspace and cross-department access (IDOR), a
// deactivated member keeping access, a plugin reaching settings through its linked member, and
// an agent reading closed history of their department that is not theirs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type TAction, ZAction } from "./actions";
import type { TActor, TMemberActor } from "./actors";
import { authorize, type TDecision } from "./authorize";
import type { TResource } from "./resources";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const WS = id(1);
const OTHER_WS = id(2);
const MY_DEPT = id(11);
const OTHER_DEPT = id(12);
const MY_SECOND_DEPT = id(13);
const COLLEAGUE = id(25);
// "Me" for actors that are not members (visitor, system): some member they are not.
const SOMEONE = id(26);
const VISITOR = id(31);
const OTHER_VISITOR = id(32);
const SITE = id(41);

const agent: TMemberActor = {
  type: "member",
  workspaceId: WS,
  memberId: id(23),
  role: "agent",
  departmentIds: [MY_DEPT, MY_SECOND_DEPT],
  status: "active",
};

const ACTORS = {
  admin: {
    type: "member",
    workspaceId: WS,
    memberId: id(21),
    role: "admin",
    departmentIds: [],
    status: "active",
  },
  manager: {
    type: "member",
    workspaceId: WS,
    memberId: id(22),
    role: "manager",
    departmentIds: [MY_DEPT, MY_SECOND_DEPT],
    status: "active",
  },
  agent,
  // An admin, to show that deactivation beats even the strongest role.
  deactivated: {
    type: "member",
    workspaceId: WS,
    memberId: id(24),
    role: "admin",
    departmentIds: [MY_DEPT],
    status: "deactivated",
  },
  visitor: { type: "visitor", workspaceId: WS, visitorId: VISITOR, siteId: SITE },
  installation: {
    type: "installation",
    workspaceId: WS,
    installationId: id(51),
    platform: "slack",
    member: agent,
  },
  retention: { type: "system", job: "retention" },
  erasure: { type: "system", job: "erasure" },
  outbox: { type: "system", job: "outbox" },
  export: { type: "system", job: "export" },
} satisfies Record<string, TActor>;
type TActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as TActorName[];

function meOf(actor: TActor): string {
  if (actor.type === "member") return actor.memberId;
  if (actor.type === "installation") return actor.member.memberId;
  return SOMEONE;
}

type TSituation = { name: string; build: (me: string) => TResource };

const conversation = (
  n: number,
  fields: {
    workspaceId?: string;
    departmentId: string;
    status: "open" | "waiting" | "closed";
    assigneeId: string | null;
    visitorId?: string;
  },
): TResource => ({
  type: "conversation",
  id: id(100 + n),
  workspaceId: fields.workspaceId ?? WS,
  departmentId: fields.departmentId,
  status: fields.status,
  assigneeId: fields.assigneeId,
  visitorId: fields.visitorId ?? VISITOR,
});

// The 20 columns of every row of EXPECTED, in this order. "me" is the actor's own member id.
const SITUATIONS: TSituation[] = [
  // conversations (9): all the visitor's own, except the 9th
  {
    name: "c1 my dept, waiting, unassigned",
    build: () => conversation(1, { departmentId: MY_DEPT, status: "waiting", assigneeId: null }),
  },
  {
    name: "c2 my dept, open, assigned to me",
    build: (me) => conversation(2, { departmentId: MY_DEPT, status: "open", assigneeId: me }),
  },
  {
    name: "c3 my dept, open, assigned to a colleague",
    build: () => conversation(3, { departmentId: MY_DEPT, status: "open", assigneeId: COLLEAGUE }),
  },
  {
    name: "c4 my dept, closed, assigned to me",
    build: (me) => conversation(4, { departmentId: MY_DEPT, status: "closed", assigneeId: me }),
  },
  {
    name: "c5 my dept, closed, assigned to a colleague",
    build: () => conversation(5, { departmentId: MY_DEPT, status: "closed", assigneeId: COLLEAGUE }),
  },
  {
    name: "c6 other dept, open, unassigned",
    build: () => conversation(6, { departmentId: OTHER_DEPT, status: "open", assigneeId: null }),
  },
  {
    name: "c7 other dept, open, assigned to me (transferred)",
    build: (me) => conversation(7, { departmentId: OTHER_DEPT, status: "open", assigneeId: me }),
  },
  {
    name: "c8 other workspace, my dept id, open, assigned to me",
    build: (me) =>
      conversation(8, { workspaceId: OTHER_WS, departmentId: MY_DEPT, status: "open", assigneeId: me }),
  },
  {
    name: "c9 my dept, open, unassigned, another visitor's",
    build: () =>
      conversation(9, { departmentId: MY_DEPT, status: "open", assigneeId: null, visitorId: OTHER_VISITOR }),
  },
  // departments (3)
  { name: "d1 my department", build: () => ({ type: "department", workspaceId: WS, id: MY_DEPT }) },
  { name: "d2 other department", build: () => ({ type: "department", workspaceId: WS, id: OTHER_DEPT }) },
  {
    name: "d3 other workspace, my dept id",
    build: () => ({ type: "department", workspaceId: OTHER_WS, id: MY_DEPT }),
  },
  // workspace (2)
  { name: "w1 my workspace", build: () => ({ type: "workspace", workspaceId: WS }) },
  { name: "w2 other workspace", build: () => ({ type: "workspace", workspaceId: OTHER_WS }) },
  // members (3)
  { name: "m1 myself", build: (me) => ({ type: "member", workspaceId: WS, id: me }) },
  { name: "m2 a colleague", build: () => ({ type: "member", workspaceId: WS, id: COLLEAGUE }) },
  {
    name: "m3 other workspace, my member id",
    build: (me) => ({ type: "member", workspaceId: OTHER_WS, id: me }),
  },
  // visitors (3)
  { name: "v1 the visitor", build: () => ({ type: "visitor", workspaceId: WS, id: VISITOR }) },
  { name: "v2 another visitor", build: () => ({ type: "visitor", workspaceId: WS, id: OTHER_VISITOR }) },
  {
    name: "v3 other workspace, the visitor's id",
    build: () => ({ type: "visitor", workspaceId: OTHER_WS, id: VISITOR }),
  },
];

// A allowed · F forbidden (403) · N not found (404) · - not found: the action does not apply to
// this resource type. Spaces only group the columns.
//
//                     conversations  depts ws member visitor
//                     c123456789     d123  w12 m123 v123
// biome-ignore format: the table is aligned by hand so each column reads down
const EXPECTED: Record<TAction, Record<TActorName, string>> = {
  "conversation.list": {
    admin:        "--------- --- AN --- ---",
    manager:      "--------- --- AN --- ---",
    agent:        "--------- --- AN --- ---",
    deactivated:  "--------- --- NN --- ---",
    visitor:      "--------- --- NN --- ---",
    installation: "--------- --- AN --- ---",
    retention:    "--------- --- FF --- ---",
    erasure:      "--------- --- FF --- ---",
    outbox:       "--------- --- FF --- ---",
    export:       "--------- --- FF --- ---",
  },
  "conversation.read": {
    admin:        "AAAAAAANA --- -- --- ---",
    manager:      "AAAAANANA --- -- --- ---",
    agent:        "AAAANNANA --- -- --- ---",
    deactivated:  "NNNNNNNNN --- -- --- ---",
    visitor:      "AAAAAAANN --- -- --- ---",
    installation: "AAAANNANA --- -- --- ---",
    retention:    "FFFFFFFFF --- -- --- ---",
    erasure:      "FFFFFFFFF --- -- --- ---",
    outbox:       "AAAAAAAAA --- -- --- ---",
    export:       "FFFFFFFFF --- -- --- ---",
  },
  "conversation.reply": {
    admin:        "AAAAAAANA --- -- --- ---",
    manager:      "AAAAANANA --- -- --- ---",
    agent:        "AAFANNANA --- -- --- ---",
    deactivated:  "NNNNNNNNN --- -- --- ---",
    visitor:      "AAAAAAANN --- -- --- ---",
    installation: "AAFANNANA --- -- --- ---",
    retention:    "FFFFFFFFF --- -- --- ---",
    erasure:      "FFFFFFFFF --- -- --- ---",
    outbox:       "FFFFFFFFF --- -- --- ---",
    export:       "FFFFFFFFF --- -- --- ---",
  },
  "conversation.claim": {
    admin:        "AAAAAAANA --- -- --- ---",
    manager:      "AAAAANANA --- -- --- ---",
    agent:        "AAFANNANA --- -- --- ---",
    deactivated:  "NNNNNNNNN --- -- --- ---",
    visitor:      "FFFFFFFNN --- -- --- ---",
    installation: "AAFANNANA --- -- --- ---",
    retention:    "FFFFFFFFF --- -- --- ---",
    erasure:      "FFFFFFFFF --- -- --- ---",
    outbox:       "FFFFFFFFF --- -- --- ---",
    export:       "FFFFFFFFF --- -- --- ---",
  },
  "conversation.assign": {
    admin:        "AAAAAAANA --- -- --- ---",
    manager:      "AAAAANFNA --- -- --- ---",
    agent:        "FFFFNNFNF --- -- --- ---",
    deactivated:  "NNNNNNNNN --- -- --- ---",
    visitor:      "FFFFFFFNN --- -- --- ---",
    installation: "FFFFNNFNF --- -- --- ---",
    retention:    "FFFFFFFFF --- -- --- ---",
    erasure:      "FFFFFFFFF --- -- --- ---",
    outbox:       "FFFFFFFFF --- -- --- ---",
    export:       "FFFFFFFFF --- -- --- ---",
  },
  "conversation.transfer": {
    admin:        "AAAAAAANA --- -- --- ---",
    manager:      "AAAAANANA --- -- --- ---",
    agent:        "AAFANNANA --- -- --- ---",
    deactivated:  "NNNNNNNNN --- -- --- ---",
    visitor:      "FFFFFFFNN --- -- --- ---",
    installation: "AAFANNANA --- -- --- ---",
    retention:    "FFFFFFFFF --- -- --- ---",
    erasure:      "FFFFFFFFF --- -- --- ---",
    outbox:       "FFFFFFFFF --- -- --- ---",
    export:       "FFFFFFFFF --- -- --- ---",
  },
  "conversation.close": {
    admin:        "AAAAAAANA --- -- --- ---",
    manager:      "AAAAANANA --- -- --- ---",
    agent:        "AAFANNANA --- -- --- ---",
    deactivated:  "NNNNNNNNN --- -- --- ---",
    visitor:      "AAAAAAANN --- -- --- ---",
    installation: "AAFANNANA --- -- --- ---",
    retention:    "FFFFFFFFF --- -- --- ---",
    erasure:      "FFFFFFFFF --- -- --- ---",
    outbox:       "FFFFFFFFF --- -- --- ---",
    export:       "FFFFFFFFF --- -- --- ---",
  },
  "conversation.monitor": {
    admin:        "AAAAAAANA --- -- --- ---",
    manager:      "AAAAANFNA --- -- --- ---",
    agent:        "FFFFNNFNF --- -- --- ---",
    deactivated:  "NNNNNNNNN --- -- --- ---",
    visitor:      "FFFFFFFNN --- -- --- ---",
    installation: "FFFFNNFNF --- -- --- ---",
    retention:    "FFFFFFFFF --- -- --- ---",
    erasure:      "FFFFFFFFF --- -- --- ---",
    outbox:       "FFFFFFFFF --- -- --- ---",
    export:       "FFFFFFFFF --- -- --- ---",
  },
  "analytics.read": {
    admin:        "--------- AAN AN --- ---",
    manager:      "--------- ANN FN --- ---",
    agent:        "--------- FNN FN --- ---",
    deactivated:  "--------- NNN NN --- ---",
    visitor:      "--------- NNN NN --- ---",
    installation: "--------- FNN FN --- ---",
    retention:    "--------- FFF FF --- ---",
    erasure:      "--------- FFF FF --- ---",
    outbox:       "--------- FFF FF --- ---",
    export:       "--------- FFF FF --- ---",
  },
  "member.read": {
    admin:        "--------- --- AN AAN ---",
    manager:      "--------- --- AN AAN ---",
    agent:        "--------- --- AN AAN ---",
    deactivated:  "--------- --- NN NNN ---",
    visitor:      "--------- --- NN NNN ---",
    installation: "--------- --- FN FFN ---",
    retention:    "--------- --- FF FFF ---",
    erasure:      "--------- --- FF FFF ---",
    outbox:       "--------- --- FF FFF ---",
    export:       "--------- --- FF FFF ---",
  },
  "member.manage": {
    admin:        "--------- --- AN AAN ---",
    manager:      "--------- --- FN FFN ---",
    agent:        "--------- --- FN FFN ---",
    deactivated:  "--------- --- NN NNN ---",
    visitor:      "--------- --- NN NNN ---",
    installation: "--------- --- FN FFN ---",
    retention:    "--------- --- FF FFF ---",
    erasure:      "--------- --- FF FFF ---",
    outbox:       "--------- --- FF FFF ---",
    export:       "--------- --- FF FFF ---",
  },
  "profile.update": {
    admin:        "--------- --- -- AFN ---",
    manager:      "--------- --- -- AFN ---",
    agent:        "--------- --- -- AFN ---",
    deactivated:  "--------- --- -- NNN ---",
    visitor:      "--------- --- -- NNN ---",
    installation: "--------- --- -- FFN ---",
    retention:    "--------- --- -- FFF ---",
    erasure:      "--------- --- -- FFF ---",
    outbox:       "--------- --- -- FFF ---",
    export:       "--------- --- -- FFF ---",
  },
  "department.manage": {
    admin:        "--------- AAN AN --- ---",
    manager:      "--------- FNN FN --- ---",
    agent:        "--------- FNN FN --- ---",
    deactivated:  "--------- NNN NN --- ---",
    visitor:      "--------- NNN NN --- ---",
    installation: "--------- FNN FN --- ---",
    retention:    "--------- FFF FF --- ---",
    erasure:      "--------- FFF FF --- ---",
    outbox:       "--------- FFF FF --- ---",
    export:       "--------- FFF FF --- ---",
  },
  "site.manage": {
    admin:        "--------- --- AN --- ---",
    manager:      "--------- --- FN --- ---",
    agent:        "--------- --- FN --- ---",
    deactivated:  "--------- --- NN --- ---",
    visitor:      "--------- --- NN --- ---",
    installation: "--------- --- FN --- ---",
    retention:    "--------- --- FF --- ---",
    erasure:      "--------- --- FF --- ---",
    outbox:       "--------- --- FF --- ---",
    export:       "--------- --- FF --- ---",
  },
  "installation.manage": {
    admin:        "--------- --- AN --- ---",
    manager:      "--------- --- FN --- ---",
    agent:        "--------- --- FN --- ---",
    deactivated:  "--------- --- NN --- ---",
    visitor:      "--------- --- NN --- ---",
    installation: "--------- --- FN --- ---",
    retention:    "--------- --- FF --- ---",
    erasure:      "--------- --- FF --- ---",
    outbox:       "--------- --- FF --- ---",
    export:       "--------- --- FF --- ---",
  },
  "policy.read": {
    admin:        "--------- --- AN --- ---",
    manager:      "--------- --- AN --- ---",
    agent:        "--------- --- FN --- ---",
    deactivated:  "--------- --- NN --- ---",
    visitor:      "--------- --- NN --- ---",
    installation: "--------- --- FN --- ---",
    retention:    "--------- --- FF --- ---",
    erasure:      "--------- --- FF --- ---",
    outbox:       "--------- --- FF --- ---",
    export:       "--------- --- FF --- ---",
  },
  "policy.manage": {
    admin:        "--------- --- AN --- ---",
    manager:      "--------- --- FN --- ---",
    agent:        "--------- --- FN --- ---",
    deactivated:  "--------- --- NN --- ---",
    visitor:      "--------- --- NN --- ---",
    installation: "--------- --- FN --- ---",
    retention:    "--------- --- FF --- ---",
    erasure:      "--------- --- FF --- ---",
    outbox:       "--------- --- FF --- ---",
    export:       "--------- --- FF --- ---",
  },
  "audit.read": {
    admin:        "--------- --- AN --- ---",
    manager:      "--------- --- FN --- ---",
    agent:        "--------- --- FN --- ---",
    deactivated:  "--------- --- NN --- ---",
    visitor:      "--------- --- NN --- ---",
    installation: "--------- --- FN --- ---",
    retention:    "--------- --- FF --- ---",
    erasure:      "--------- --- FF --- ---",
    outbox:       "--------- --- FF --- ---",
    export:       "--------- --- FF --- ---",
  },
  "privacy.export": {
    admin:        "AAAAAAANA --- -- --- AAN",
    manager:      "FFFFFNFNF --- -- --- NNN",
    agent:        "FFFFNNFNF --- -- --- NNN",
    deactivated:  "NNNNNNNNN --- -- --- NNN",
    visitor:      "AAAAAAANN --- -- --- ANN",
    installation: "FFFFNNFNF --- -- --- NNN",
    retention:    "FFFFFFFFF --- -- --- FFF",
    erasure:      "FFFFFFFFF --- -- --- FFF",
    outbox:       "FFFFFFFFF --- -- --- FFF",
    export:       "AAAAAAAAA --- -- --- AAA",
  },
  "privacy.erase": {
    admin:        "--------- --- -- --- AAN",
    manager:      "--------- --- -- --- NNN",
    agent:        "--------- --- -- --- NNN",
    deactivated:  "--------- --- -- --- NNN",
    visitor:      "--------- --- -- --- FNN",
    installation: "--------- --- -- --- NNN",
    retention:    "--------- --- -- --- FFF",
    erasure:      "--------- --- -- --- AAA",
    outbox:       "--------- --- -- --- FFF",
    export:       "--------- --- -- --- FFF",
  },
  "privacy.lookup": {
    admin:        "--------- --- -- --- AAN",
    manager:      "--------- --- -- --- NNN",
    agent:        "--------- --- -- --- NNN",
    deactivated:  "--------- --- -- --- NNN",
    visitor:      "--------- --- -- --- FNN",
    installation: "--------- --- -- --- NNN",
    retention:    "--------- --- -- --- FFF",
    erasure:      "--------- --- -- --- AAA",
    outbox:       "--------- --- -- --- FFF",
    export:       "--------- --- -- --- FFF",
  },
  "retention.run": {
    admin:        "--------- --- AN --- ---",
    manager:      "--------- --- FN --- ---",
    agent:        "--------- --- FN --- ---",
    deactivated:  "--------- --- NN --- ---",
    visitor:      "--------- --- NN --- ---",
    installation: "--------- --- FN --- ---",
    retention:    "--------- --- AA --- ---",
    erasure:      "--------- --- FF --- ---",
    outbox:       "--------- --- FF --- ---",
    export:       "--------- --- FF --- ---",
  },
};

function cellsOf(row: string): string[] {
  return [...row.replaceAll(" ", "")];
}

function expectedDecision(cell: string): TDecision {
  if (cell === "A") return { allowed: true };
  if (cell === "F") return { allowed: false, reason: "forbidden" };
  if (cell === "N" || cell === "-") return { allowed: false, reason: "not-found" };
  throw new Error(`unknown cell ${cell}`);
}

describe("authorize: the role table", () => {
  for (const action of ZAction.options) {
    it(action, () => {
      const failures: string[] = [];
      for (const actorName of ACTOR_NAMES) {
        const actor = ACTORS[actorName];
        const cells = cellsOf(EXPECTED[action][actorName]);
        SITUATIONS.forEach((situation, column) => {
          const expected = expectedDecision(cells[column] ?? "?");
          const actual = authorize(actor, action, situation.build(meOf(actor)));
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            failures.push(
              `${actorName} × ${situation.name}: expected ${cells[column]}, got ${JSON.stringify(actual)}`,
            );
          }
        });
      }
      assert.deepEqual(failures, []);
    });
  }
});

describe("authorize: the table is complete and nothing outside it is allowed", () => {
  it("has a row for every action, a line for every actor and a cell for every situation", () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...ZAction.options].sort());
    assert.equal(SITUATIONS.length, 20);
    for (const action of ZAction.options) {
      assert.deepEqual(Object.keys(EXPECTED[action]).sort(), [...ACTOR_NAMES].sort(), action);
      for (const actorName of ACTOR_NAMES) {
        const cells = cellsOf(EXPECTED[action][actorName]);
        assert.equal(cells.length, SITUATIONS.length, `${action} × ${actorName}`);
        assert.ok(
          cells.every((cell) => "AFN-".includes(cell)),
          `${action} × ${actorName}`,
        );
      }
    }
  });

  it("denies a made-up action to everyone, on everything", () => {
    for (const made of ["conversation.delete", "admin.everything", "", "conversation.read "]) {
      for (const actorName of ACTOR_NAMES) {
        const actor = ACTORS[actorName];
        for (const situation of SITUATIONS) {
          const decision = authorize(actor, made as never, situation.build(meOf(actor)));
          assert.equal(decision.allowed, false, `${made} × ${actorName} × ${situation.name}`);
        }
      }
    }
  });

  it("denies made-up actors, roles and resource types", () => {
    const workspace: TResource = { type: "workspace", workspaceId: WS };
    const madeUpActors = [
      { type: "superuser", workspaceId: WS },
      { ...ACTORS.admin, role: "owner" },
      { type: "system", job: "backup" },
      null,
      undefined,
    ];
    for (const actor of madeUpActors) {
      for (const action of ZAction.options) {
        assert.equal(
          authorize(actor as never, action, workspace).allowed,
          false,
          `${JSON.stringify(actor)} ${action}`,
        );
      }
    }
    for (const action of ZAction.options) {
      assert.equal(
        authorize(ACTORS.admin, action, { type: "billing", workspaceId: WS } as never).allowed,
        false,
      );
      assert.equal(
        authorize(ACTORS.outbox, action, { type: "billing", workspaceId: WS } as never).allowed,
        false,
      );
    }
  });

  it("denies when a field is missing (actor or resource), even for an admin", () => {
    const c2 = SITUATIONS[1]?.build(ACTORS.admin.memberId);
    assert.ok(c2?.type === "conversation");
    assert.deepEqual(authorize(ACTORS.admin, "conversation.read", c2), { allowed: true });
    const { departmentIds: _departments, ...adminWithoutDepartments } = ACTORS.admin;
    assert.deepEqual(authorize(adminWithoutDepartments as never, "conversation.read", c2), {
      allowed: false,
      reason: "not-found",
    });
    const { status: _status, ...withoutStatus } = c2;
    assert.deepEqual(authorize(ACTORS.admin, "conversation.read", withoutStatus as never), {
      allowed: false,
      reason: "not-found",
    });
    const { workspaceId: _ws, ...withoutWorkspace } = c2;
    assert.equal(authorize(ACTORS.outbox, "conversation.read", withoutWorkspace as never).allowed, false);
    // An agent whose department list is missing must not match "in my departments" by accident.
    const { departmentIds: _agentDepartments, ...agentWithoutDepartments } = agent;
    assert.equal(authorize(agentWithoutDepartments as never, "conversation.read", c2).allowed, false);
  });

  it("denies invited members and installations linked to a deactivated or foreign member", () => {
    const c1 = conversation(1, { departmentId: MY_DEPT, status: "waiting", assigneeId: null });
    const workspace: TResource = { type: "workspace", workspaceId: WS };
    // Legitimate use first: the same installation, linked to the active agent, works.
    assert.deepEqual(authorize(ACTORS.installation, "conversation.reply", c1), { allowed: true });
    const invited = { ...agent, status: "invited" as const };
    const inactiveLink = { ...ACTORS.installation, member: { ...agent, status: "deactivated" as const } };
    // A Slack installation of workspace WS linked to a member of another workspace acts for no one.
    const foreignLink = { ...ACTORS.installation, member: { ...agent, workspaceId: OTHER_WS } };
    for (const actor of [invited, inactiveLink, foreignLink]) {
      assert.deepEqual(authorize(actor, "conversation.reply", c1), { allowed: false, reason: "not-found" });
      assert.deepEqual(authorize(actor, "conversation.list", workspace), {
        allowed: false,
        reason: "not-found",
      });
    }
  });

  it("gives a plugin nothing beyond conversation work, even when linked to an admin", () => {
    const linkedToAdmin = { ...ACTORS.installation, member: ACTORS.admin };
    const workspace: TResource = { type: "workspace", workspaceId: WS };
    const c3 = conversation(3, { departmentId: MY_DEPT, status: "open", assigneeId: COLLEAGUE });
    assert.deepEqual(authorize(linkedToAdmin, "conversation.assign", c3), { allowed: true });
    for (const action of [
      "policy.manage",
      "member.manage",
      "audit.read",
      "site.manage",
      "retention.run",
    ] as const) {
      assert.deepEqual(
        authorize(linkedToAdmin, action, workspace),
        { allowed: false, reason: "forbidden" },
        action,
      );
    }
    assert.deepEqual(authorize(linkedToAdmin, "conversation.monitor", c3), {
      allowed: false,
      reason: "forbidden",
    });
    for (const action of ["privacy.erase", "privacy.lookup"] as const) {
      assert.deepEqual(
        authorize(linkedToAdmin, action, { type: "visitor", workspaceId: WS, id: VISITOR }),
        { allowed: false, reason: "forbidden" },
        action,
      );
    }
  });

  it("gives a member with no department only what is assigned to them", () => {
    const loner: TMemberActor = { ...agent, departmentIds: [] };
    const waiting = conversation(1, { departmentId: MY_DEPT, status: "waiting", assigneeId: null });
    const mine = conversation(2, { departmentId: MY_DEPT, status: "open", assigneeId: loner.memberId });
    assert.deepEqual(authorize(loner, "conversation.read", waiting), { allowed: false, reason: "not-found" });
    assert.deepEqual(authorize(loner, "conversation.read", mine), { allowed: true });
  });
});
