import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TMemberActor, TVisitorActor } from "../rbac/actors";
import type { TDepartment } from "../schemas/department";
import { closeConversation } from "./close-conversation";
import { conversationStats } from "./conversation-stats";
import { sendMessage } from "./send-message";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";

const MIN = 60_000;

describe("conversationStats on a hand-made data set", () => {
  let h: THarness;
  let clock = new Date("2026-03-01T00:00:00Z");
  let billing: TDepartment;
  let agent: TMemberActor;
  let manager: TMemberActor;
  let billingManager: TMemberActor;
  let visitor: TVisitorActor;

  const at = (iso: string) => {
    clock = new Date(iso);
  };
  /** Plays a conversation: [time, who, …] steps, "start" first. */
  async function play(departmentId: string, steps: [string, "start" | "visitor" | "agent" | "close"][]) {
    let conversationId = "";
    for (const [time, step] of steps) {
      at(time);
      if (step === "start") conversationId = (await startConversation(h.deps, visitor, { departmentId })).id;
      else if (step === "close") await closeConversation(h.deps, h.admin, { conversationId });
      else
        await sendMessage(h.deps, step === "visitor" ? visitor : h.admin, { conversationId, body: "text" });
    }
  }

  before(async () => {
    h = await createHarness({ now: () => clock });
    billing = await h.addDepartment("Billing");
    agent = await h.addMember("agent", [h.general.id]);
    manager = await h.addMember("manager", [h.general.id]);
    billingManager = await h.addMember("manager", [billing.id]);
    visitor = await h.newVisitor();
    const g = h.general.id;
    // The day before the range: not counted.
    await play(g, [
      ["2026-03-01T23:59:59Z", "start"],
      ["2026-03-02T00:00:10Z", "visitor"],
      ["2026-03-02T00:00:20Z", "agent"],
    ]);
    // Day 1: answered after 1 min, closed after 30 min.
    await play(g, [
      ["2026-03-02T09:00:00Z", "start"],
      ["2026-03-02T09:00:10Z", "visitor"],
      ["2026-03-02T09:01:10Z", "agent"],
      ["2026-03-02T09:30:00Z", "close"],
    ]);
    // Day 1: two visitor messages, answered 3 min after the first, closed after 1 h.
    await play(g, [
      ["2026-03-02T10:00:00Z", "start"],
      ["2026-03-02T10:00:00Z", "visitor"],
      ["2026-03-02T10:00:30Z", "visitor"],
      ["2026-03-02T10:03:00Z", "agent"],
      ["2026-03-02T11:00:00Z", "close"],
    ]);
    // Day 1: never answered, still waiting.
    await play(g, [
      ["2026-03-02T12:00:00Z", "start"],
      ["2026-03-02T12:00:05Z", "visitor"],
    ]);
    // Day 2: the agent greets first (not a response); the response comes 1 min after the visitor.
    await play(g, [
      ["2026-03-03T08:00:00Z", "start"],
      ["2026-03-03T08:00:30Z", "agent"],
      ["2026-03-03T08:01:00Z", "visitor"],
      ["2026-03-03T08:02:00Z", "agent"],
      ["2026-03-03T08:10:00Z", "close"],
    ]);
    // Day 2, Billing: answered after 20 s.
    await play(billing.id, [
      ["2026-03-03T09:00:00Z", "start"],
      ["2026-03-03T09:00:00Z", "visitor"],
      ["2026-03-03T09:00:20Z", "agent"],
    ]);
    // After the range: not counted.
    await play(g, [["2026-03-05T00:00:00Z", "start"]]);
  });
  after(() => h.dispose());

  const range = { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-05T00:00:00Z") };

  it("computes one department's figures per UTC day and in total", async () => {
    const stats = await conversationStats(h.deps, h.admin, { ...range, departmentId: h.general.id });
    assert.deepEqual(stats.departmentIds, [h.general.id]);
    assert.deepEqual(stats.days, [
      {
        date: "2026-03-02",
        created: 3,
        firstResponse: { answered: 2, medianMs: 2 * MIN, p90Ms: 3 * MIN },
        resolution: { resolved: 2, medianMs: 45 * MIN },
      },
      {
        date: "2026-03-03",
        created: 1,
        firstResponse: { answered: 1, medianMs: 1 * MIN, p90Ms: 1 * MIN },
        resolution: { resolved: 1, medianMs: 10 * MIN },
      },
      {
        date: "2026-03-04",
        created: 0,
        firstResponse: { answered: 0, medianMs: null, p90Ms: null },
        resolution: { resolved: 0, medianMs: null },
      },
    ]);
    assert.deepEqual(stats.total, {
      created: 4,
      firstResponse: { answered: 3, medianMs: 1 * MIN, p90Ms: 3 * MIN },
      resolution: { resolved: 3, medianMs: 30 * MIN },
    });
  });

  it("covers the whole workspace for an admin who names no department", async () => {
    const stats = await conversationStats(h.deps, h.admin, range);
    assert.equal(stats.departmentIds, null);
    assert.deepEqual(stats.days[1], {
      date: "2026-03-03",
      created: 2,
      firstResponse: { answered: 2, medianMs: 40_000, p90Ms: 1 * MIN },
      resolution: { resolved: 1, medianMs: 10 * MIN },
    });
    assert.deepEqual(stats.total.firstResponse, { answered: 4, medianMs: 1 * MIN, p90Ms: 3 * MIN });
    assert.equal(stats.total.created, 5);
  });

  it("limits a manager to their departments", async () => {
    const own = await conversationStats(h.deps, manager, range);
    assert.deepEqual(own.departmentIds, [h.general.id]);
    assert.equal(own.total.created, 4);
    await rejectsWithCode(
      conversationStats(h.deps, manager, { ...range, departmentId: billing.id }),
      "resource.not_found",
    );
    const billingOnly = await conversationStats(h.deps, billingManager, range);
    assert.deepEqual(billingOnly.total, {
      created: 1,
      firstResponse: { answered: 1, medianMs: 20_000, p90Ms: 20_000 },
      resolution: { resolved: 0, medianMs: null },
    });
  });

  it("refuses agents, reversed and overlong ranges", async () => {
    await rejectsWithCode(conversationStats(h.deps, agent, range), "access.denied");
    await rejectsWithCode(
      conversationStats(h.deps, h.admin, { from: range.to, to: range.from }),
      "request.invalid",
    );
    await rejectsWithCode(
      conversationStats(h.deps, h.admin, { from: new Date("2024-01-01Z"), to: new Date("2026-01-01Z") }),
      "request.invalid",
    );
  });
});

describe("conversationStats beyond one store page", () => {
  let h: THarness;
  before(async () => {
    h = await createHarness();
  });
  after(() => h.dispose());

  it("counts every conversation of the range even when more than a list page are active", async () => {
    const scope = h.store.scoped(h.workspaceId);
    const visitor = await h.newVisitor();
    const base = Date.parse("2026-05-01T00:00:00Z");
    // 1,200 conversations, 600 on each of two days, all active after the range starts.
    for (let i = 0; i < 1200; i++) {
      const createdAt = new Date(base + (i < 600 ? 0 : 86_400_000) + i * 1000);
      await scope.conversations.create({
        id: crypto.randomUUID(),
        siteId: h.site.id,
        departmentId: h.general.id,
        visitorId: visitor.visitorId,
        status: "waiting",
        assigneeId: null,
        createdAt,
        lastActivityAt: new Date(createdAt.getTime() + 5000),
        closedAt: null,
        slack: null,
        zendesk: null,
      });
    }
    const stats = await conversationStats(h.deps, h.admin, {
      from: new Date(base),
      to: new Date(base + 2 * 86_400_000),
    });
    assert.deepEqual(
      stats.days.map((d) => [d.date, d.created]),
      [
        ["2026-05-01", 600],
        ["2026-05-02", 600],
      ],
    );
  });
});
