import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TPolicy, TPolicySettings } from "../schemas/policy";
import { planPurge, type TPurgeConversation, type TPurgeVisitor } from "./plan-purge";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const WS = id(1);
const [SALES, BILLING, SHOP, BLOG] = [id(11), id(12), id(21), id(22)];
const DAY = 86_400_000;
const T0 = new Date(Date.UTC(2026, 0, 1));
const after = (days: number, ms = 0) => new Date(T0.getTime() + days * DAY + ms);

const workspace = (settings: TPolicySettings): TPolicy => ({
  workspaceId: WS,
  scope: { type: "workspace" },
  settings,
});
const department = (deptId: string, settings: TPolicySettings): TPolicy => ({
  workspaceId: WS,
  scope: { type: "department", id: deptId },
  settings,
});
const site = (siteId: string, settings: TPolicySettings): TPolicy => ({
  workspaceId: WS,
  scope: { type: "site", id: siteId },
  settings,
});

// Every conversation last active at T0; names say department / site.
const CONVERSATIONS: TPurgeConversation[] = [
  { id: "salesShop", departmentId: SALES, siteId: SHOP, lastActivityAt: T0, status: "closed" },
  { id: "billingShop", departmentId: BILLING, siteId: SHOP, lastActivityAt: T0, status: "closed" },
  { id: "salesBlog", departmentId: SALES, siteId: BLOG, lastActivityAt: T0, status: "closed" },
  // Abandoned while open: activity, not status, keeps a conversation.
  { id: "billingBlogOpen", departmentId: BILLING, siteId: BLOG, lastActivityAt: T0, status: "open" },
];

// Every visitor last seen at T0.
const VISITORS: TPurgeVisitor[] = [
  { id: "shopper", siteId: SHOP, lastSeenAt: T0, hasLiveConversation: false, conversationIds: ["salesShop"] },
  {
    id: "reader",
    siteId: BLOG,
    lastSeenAt: T0,
    hasLiveConversation: false,
    conversationIds: ["salesBlog", "billingBlogOpen"],
  },
  { id: "chattingNow", siteId: SHOP, lastSeenAt: T0, hasLiveConversation: true, conversationIds: [] },
  { id: "silent", siteId: BLOG, lastSeenAt: T0, hasLiveConversation: false, conversationIds: [] },
];

type TCase = {
  name: string;
  policies: TPolicy[];
  /** Days after T0, and the conversation and visitor ids due then. */
  checks: [days: number, conversationIds: string[], visitorIds: string[]][];
};

const ALL_CONVERSATIONS = ["salesShop", "billingShop", "salesBlog", "billingBlogOpen"];

const CASES: TCase[] = [
  {
    name: "no policy at all keeps everything, forever",
    policies: [],
    checks: [[100_000, [], []]],
  },
  {
    name: "workspace only",
    policies: [workspace({ retention: { conversationDays: 30, visitorDays: 60 } })],
    checks: [
      [29, [], []],
      [30, ALL_CONVERSATIONS, []],
      [59, ALL_CONVERSATIONS, []],
      [60, ALL_CONVERSATIONS, ["shopper", "reader", "silent"]],
    ],
  },
  {
    name: "department overrides workspace",
    policies: [
      workspace({ retention: { conversationDays: 30, visitorDays: 30 } }),
      department(BILLING, { retention: { conversationDays: 90 } }),
    ],
    checks: [
      [30, ["salesShop", "salesBlog"], ["shopper", "silent"]],
      [90, ALL_CONVERSATIONS, ["shopper", "reader", "silent"]],
    ],
  },
  {
    name: "site overrides department",
    policies: [
      workspace({ retention: { conversationDays: 30 } }),
      department(BILLING, { retention: { conversationDays: 90 } }),
      site(BLOG, { retention: { conversationDays: 10 } }),
    ],
    checks: [
      [10, ["salesBlog", "billingBlogOpen"], []],
      [30, ["salesShop", "salesBlog", "billingBlogOpen"], []],
      [90, ALL_CONVERSATIONS, []],
    ],
  },
  {
    name: "explicit null overrides a number below it (department, then site)",
    policies: [
      workspace({ retention: { conversationDays: 30, visitorDays: 30 } }),
      department(SALES, { retention: { conversationDays: null } }),
      site(SHOP, { retention: { visitorDays: null } }),
    ],
    checks: [[1000, ["billingShop", "billingBlogOpen"], ["silent"]]],
  },
  {
    name: "explicit null at a site overrides its department's number",
    policies: [
      department(BILLING, { retention: { conversationDays: 90 } }),
      site(BLOG, { retention: { conversationDays: null } }),
    ],
    checks: [[1000, ["billingShop"], []]],
  },
  {
    name: "legal hold at workspace blocks every deletion",
    policies: [workspace({ retention: { conversationDays: 30, visitorDays: 30 }, legalHold: true })],
    checks: [[1000, [], []]],
  },
  {
    name: "legal hold at a department keeps its conversations, and their visitors",
    policies: [
      workspace({ retention: { conversationDays: 30, visitorDays: 30 } }),
      department(SALES, { legalHold: true }),
    ],
    checks: [[1000, ["billingShop", "billingBlogOpen"], ["silent"]]],
  },
  {
    name: "legal hold at a site keeps its conversations and visitors; a site's false does not lift a workspace hold",
    policies: [
      workspace({ retention: { conversationDays: 30, visitorDays: 30 } }),
      site(SHOP, { legalHold: true }),
      site(BLOG, { legalHold: false }),
    ],
    checks: [[1000, ["salesBlog", "billingBlogOpen"], ["reader", "silent"]]],
  },
];

describe("planPurge: policy combinations, clock moved forward", () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      for (const [days, conversationIds, visitorIds] of testCase.checks) {
        const plan = planPurge({
          now: after(days),
          policies: testCase.policies,
          conversations: CONVERSATIONS,
          visitors: VISITORS,
        });
        assert.deepEqual(plan, { conversationIds, visitorIds, auditBeforeSeq: null }, `after ${days} days`);
      }
    });
  }
});

describe("planPurge: boundaries and visitor rule", () => {
  const policies = [workspace({ retention: { conversationDays: 30, visitorDays: 30, auditDays: 30 } })];

  it("is due at the exact millisecond the period ends, not one before", () => {
    const oneBefore = planPurge({
      now: after(30, -1),
      policies,
      conversations: CONVERSATIONS,
      visitors: VISITORS,
    });
    assert.deepEqual(oneBefore, { conversationIds: [], visitorIds: [], auditBeforeSeq: null });
    const exact = planPurge({ now: after(30), policies, conversations: CONVERSATIONS, visitors: VISITORS });
    assert.deepEqual(exact, {
      conversationIds: ALL_CONVERSATIONS,
      visitorIds: ["shopper", "reader", "silent"],
      auditBeforeSeq: null,
    });
  });

  it("keeps an open conversation with activity inside the period, and the visitor who has it", () => {
    const conversations = CONVERSATIONS.map((c) =>
      c.id === "billingBlogOpen" ? { ...c, lastActivityAt: after(20), status: "open" as const } : c,
    );
    const plan = planPurge({
      now: after(40),
      policies,
      conversations,
      visitors: VISITORS,
    });
    assert.deepEqual(plan.conversationIds, ["salesShop", "billingShop", "salesBlog"]);
    assert.deepEqual(plan.visitorIds, ["shopper", "silent"]);
  });

  it("keeps a visitor whose conversation was not in the batch", () => {
    const plan = planPurge({
      now: after(40),
      policies,
      conversations: CONVERSATIONS.slice(0, 1),
      visitors: VISITORS,
    });
    assert.deepEqual(plan.conversationIds, ["salesShop"]);
    assert.deepEqual(plan.visitorIds, ["shopper", "silent"]);
  });

  it("never deletes a visitor on a live conversation, however old their last visit", () => {
    const plan = planPurge({ now: after(100_000), policies, conversations: [], visitors: VISITORS });
    assert.deepEqual(plan.visitorIds, ["silent"]);
  });

  it("puts the audit boundary after the last due event, at the exact millisecond", () => {
    // Events 1..5 at T0, T0+1d, …, T0+4d.
    const auditEvents = [5, 3, 1, 4, 2].map((seq) => ({ seq, at: after(seq - 1) }));
    const at = (now: Date) =>
      planPurge({ now, policies, conversations: [], visitors: [], auditEvents }).auditBeforeSeq;
    assert.equal(at(after(30, -1)), null);
    assert.equal(at(after(30)), 2);
    assert.equal(at(after(32, -1)), 3);
    assert.equal(at(after(32)), 4);
    assert.equal(at(after(1000)), 6);
  });

  it("never moves the audit boundary past an event that is not due or a gap in the seqs", () => {
    const skewed = [
      { seq: 10, at: after(0) },
      { seq: 11, at: after(50) },
      { seq: 12, at: after(0) },
    ];
    assert.equal(
      planPurge({ now: after(40), policies, conversations: [], visitors: [], auditEvents: skewed })
        .auditBeforeSeq,
      11,
    );
    const gap = [1, 2, 4, 5].map((seq) => ({ seq, at: T0 }));
    assert.equal(
      planPurge({ now: after(40), policies, conversations: [], visitors: [], auditEvents: gap })
        .auditBeforeSeq,
      3,
    );
  });

  it("keeps audit events with no audit period, or under a workspace hold", () => {
    const auditEvents = [{ seq: 1, at: T0 }];
    const noPeriod = [workspace({ retention: { conversationDays: 30 } })];
    const held = [workspace({ retention: { auditDays: 30 }, legalHold: true })];
    const heldSite = [workspace({ retention: { auditDays: 30 } }), site(SHOP, { legalHold: true })];
    const plan = (p: TPolicy[]) =>
      planPurge({ now: after(1000), policies: p, conversations: [], visitors: [], auditEvents });
    assert.equal(plan(noPeriod).auditBeforeSeq, null);
    assert.equal(plan(held).auditBeforeSeq, null);
    // A site's hold covers that site's data, not the workspace's audit log.
    assert.equal(plan(heldSite).auditBeforeSeq, 2);
  });
});
