import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TBusEvent } from "../bus/bus-event";
import { rejectsWithCode } from "../chat/test-harness";
import { createKeyring } from "../crypto/keyring";
import { createVault } from "../crypto/vault";
import { isAppError } from "../errors/app-error";
import type { TPolicySettings } from "../schemas/policy";
import type { TSiteRow } from "../store/port";
import { openSealedMessage } from "../store/sealed-records";
import { verifyAuditLog } from "../workspace/verify-audit-log";
import { acquireJobLease } from "./acquire-job-lease";
import { RETENTION_RUN_ACTION } from "./audit-checkpoint";
import { deleteConversationRows } from "./delete-conversation-rows";
import { RETENTION_JOB, runRetention } from "./run-retention";
import {
  addSiteRow,
  createLifecycleHarness,
  daysAfter,
  findBytesInFiles,
  queryFile,
  seedConversation,
  seedVisitor,
  T0,
  type TLifecycleHarness,
  type TSeededConversation,
} from "./test-fixtures";
import { unsafePurgeWorkspace } from "./unsafe-purge-workspace";

type TScope =
  | { type: "workspace" }
  | { type: "department"; name: "sales" | "billing" }
  | { type: "site"; name: "shop" | "blog" };

/** One world of the table: who exists, what was said, and where (every name marks its department and site). */
async function seedWorld(h: TLifecycleHarness) {
  const billing = await h.addDepartment("Billing");
  const blog = await addSiteRow(h, "Blog");
  const ids = { sales: h.general.id, billing: billing.id, shop: h.site.id, blog: blog.id };
  const agent = await h.addMember("agent", [ids.sales, ids.billing]);
  const shopper = await seedVisitor(h, { siteId: ids.shop, lastSeenAt: T0, email: "shopper@example.test" });
  const reader = await seedVisitor(h, { siteId: ids.blog, lastSeenAt: T0, email: "reader@example.test" });
  const silent = await seedVisitor(h, { siteId: ids.blog, lastSeenAt: T0 });
  const slack = { teamId: "T-ACME", channelId: "C1", threadTs: "1700000000.0001" };
  const conversations: Record<string, TSeededConversation> = {
    salesShop: await seedConversation(h, {
      visitor: shopper,
      departmentId: ids.sales,
      at: T0,
      bodies: ["salesShop-1 my card is 4111 1111 1111 1111", "salesShop-2 reply"],
      memberId: agent.memberId,
      slack,
    }),
    billingShop: await seedConversation(h, {
      visitor: shopper,
      departmentId: ids.billing,
      at: T0,
      bodies: ["billingShop-1 invoice"],
      zendesk: { subdomain: "acme", ticketId: 42 },
    }),
    salesBlog: await seedConversation(h, {
      visitor: reader,
      departmentId: ids.sales,
      at: T0,
      bodies: ["salesBlog-1"],
    }),
    // Abandoned while open: activity, not status, keeps a conversation.
    billingBlogOpen: await seedConversation(h, {
      visitor: reader,
      departmentId: ids.billing,
      at: T0,
      bodies: ["billingBlogOpen-1", "billingBlogOpen-2", "billingBlogOpen-3"],
      status: "open",
    }),
  };
  const scope = h.store.scoped(h.workspaceId);
  for (const seeded of Object.values(conversations))
    await scope.reads.mark(agent.memberId, seeded.conversation.id, 1);
  const installations = {
    slack: await scope.installations.create(installation("slack", "T-ACME")),
    zendesk: await scope.installations.create(installation("zendesk", "acme")),
    wordpress: await scope.installations.create(installation("wordpress", "wp-blog")),
  };
  return { ids, agent, visitors: { shopper, reader, silent }, conversations, installations, blog };
}

function installation(platform: "slack" | "zendesk" | "wordpress", externalId: string) {
  return {
    id: crypto.randomUUID(),
    platform,
    externalId,
    name: `Acme ${platform}`,
    keyId: crypto.randomUUID(),
    credentialsCipher: new Uint8Array(48),
    createdAt: T0,
  };
}

type TWorld = Awaited<ReturnType<typeof seedWorld>>;

/** Visitors and conversations that arrive just before the purge (at "now"): never due. */
async function seedFresh(h: TLifecycleHarness, world: TWorld, now: Date) {
  const visitor = await seedVisitor(h, {
    siteId: world.ids.shop,
    lastSeenAt: now,
    email: "fresh@example.test",
  });
  const seeded = await seedConversation(h, {
    visitor,
    departmentId: world.ids.sales,
    at: now,
    bodies: ["fresh-1"],
  });
  return { visitor, conversation: seeded };
}

type TCase = {
  name: string;
  policies: [TScope, TPolicySettings][];
  days: number;
  gone: { conversations: string[]; visitors: ("shopper" | "reader" | "silent")[] };
};

const ALL = ["salesShop", "billingShop", "salesBlog", "billingBlogOpen"];

const CASES: TCase[] = [
  {
    name: "no policy keeps everything, forever",
    policies: [],
    days: 100_000,
    gone: { conversations: [], visitors: [] },
  },
  {
    name: "workspace periods: conversations at 30 days, visitors not before 60",
    policies: [[{ type: "workspace" }, { retention: { conversationDays: 30, visitorDays: 60 } }]],
    days: 40,
    gone: { conversations: ALL, visitors: [] },
  },
  {
    name: "workspace periods: at 60 days visitors go too",
    policies: [[{ type: "workspace" }, { retention: { conversationDays: 30, visitorDays: 60 } }]],
    days: 60,
    gone: { conversations: ALL, visitors: ["shopper", "reader", "silent"] },
  },
  {
    name: "a department overrides the workspace; a visitor with a kept conversation stays",
    policies: [
      [{ type: "workspace" }, { retention: { conversationDays: 30, visitorDays: 30 } }],
      [{ type: "department", name: "billing" }, { retention: { conversationDays: 90 } }],
    ],
    days: 30,
    gone: { conversations: ["salesShop", "salesBlog"], visitors: ["silent"] },
  },
  {
    name: "a site overrides its department",
    policies: [
      [{ type: "workspace" }, { retention: { conversationDays: 30 } }],
      [{ type: "department", name: "billing" }, { retention: { conversationDays: 90 } }],
      [{ type: "site", name: "blog" }, { retention: { conversationDays: 10 } }],
    ],
    days: 10,
    gone: { conversations: ["salesBlog", "billingBlogOpen"], visitors: [] },
  },
  {
    name: "explicit null at a department and at a site keeps forever",
    policies: [
      [{ type: "workspace" }, { retention: { conversationDays: 30, visitorDays: 30 } }],
      [{ type: "department", name: "sales" }, { retention: { conversationDays: null } }],
      [{ type: "site", name: "shop" }, { retention: { visitorDays: null } }],
    ],
    days: 1000,
    gone: { conversations: ["billingShop", "billingBlogOpen"], visitors: ["silent"] },
  },
  {
    name: "legal hold on the workspace blocks every deletion",
    policies: [
      [{ type: "workspace" }, { retention: { conversationDays: 30, visitorDays: 30 }, legalHold: true }],
    ],
    days: 1000,
    gone: { conversations: [], visitors: [] },
  },
  {
    name: "legal hold on a department keeps its conversations and their visitors",
    policies: [
      [{ type: "workspace" }, { retention: { conversationDays: 30, visitorDays: 30 } }],
      [{ type: "department", name: "sales" }, { legalHold: true }],
    ],
    days: 1000,
    gone: { conversations: ["billingShop", "billingBlogOpen"], visitors: ["silent"] },
  },
  {
    name: "legal hold on a site keeps its conversations and visitors; a site's false lifts nothing",
    policies: [
      [{ type: "workspace" }, { retention: { conversationDays: 30, visitorDays: 30 } }],
      [{ type: "site", name: "shop" }, { legalHold: true }],
      [{ type: "site", name: "blog" }, { legalHold: false }],
    ],
    days: 1000,
    gone: { conversations: ["salesBlog", "billingBlogOpen"], visitors: ["reader", "silent"] },
  },
];

describe("runRetention: policy combinations on a real store, clock moved forward", () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const h = await createLifecycleHarness();
      try {
        const world = await seedWorld(h);
        const scope = h.store.scoped(h.workspaceId);
        for (const [target, settings] of testCase.policies) {
          const scopeOf =
            target.type === "workspace"
              ? target
              : { type: target.type, id: world.ids[target.name as keyof typeof world.ids] };
          await scope.policies.put(scopeOf as never, settings);
        }
        const now = daysAfter(testCase.days);
        h.clock.now = now;
        const fresh = await seedFresh(h, world, now);

        // batchSize 1 walks every scan across many batches and cursors.
        const run = await runRetention(h.deps, { now, batchSize: 1 });
        assert.equal(run.status, "completed");

        const goneConversations = testCase.gone.conversations.map(
          (n) => world.conversations[n]?.conversation.id,
        );
        const keptConversations = [
          ...ALL.filter((n) => !testCase.gone.conversations.includes(n)).map(
            (n) => world.conversations[n]?.conversation.id,
          ),
          fresh.conversation.conversation.id,
        ];
        const goneVisitors = testCase.gone.visitors.map((n) => world.visitors[n]);
        const keptVisitors = [
          ...(["shopper", "reader", "silent"] as const)
            .filter((n) => !testCase.gone.visitors.includes(n))
            .map((n) => world.visitors[n]),
          fresh.visitor,
        ];
        const sorted = (ids: readonly (string | undefined)[]) => [...ids].map(String).sort();

        // What remains, through the store and in the file itself.
        assert.deepEqual(
          sorted((await scope.conversations.list()).map((c) => c.id)),
          sorted(keptConversations),
        );
        assert.deepEqual(
          sorted(
            queryFile<{ id: string }>(h, "SELECT id FROM conversations WHERE workspace_id = ?", [
              h.workspaceId,
            ]).map((r) => r.id),
          ),
          sorted(keptConversations),
        );
        assert.deepEqual(
          sorted(
            queryFile<{ id: string }>(h, "SELECT id FROM visitors WHERE workspace_id = ?", [
              h.workspaceId,
            ]).map((r) => r.id),
          ),
          sorted(keptVisitors.map((v) => v.id)),
        );
        const messageConversations = queryFile<{ conversation_id: string; n: number }>(
          h,
          "SELECT conversation_id, COUNT(*) AS n FROM messages WHERE workspace_id = ? GROUP BY conversation_id",
          [h.workspaceId],
        );
        assert.deepEqual(
          sorted(messageConversations.map((r) => r.conversation_id)),
          sorted(keptConversations),
        );
        for (const row of messageConversations) {
          const seeded = [...Object.values(world.conversations), fresh.conversation].find(
            (s) => s.conversation.id === row.conversation_id,
          );
          assert.equal(row.n, seeded?.messages.length, "a kept conversation keeps every message");
        }
        const reads = queryFile<{ conversation_id: string }>(
          h,
          "SELECT conversation_id FROM conversation_reads WHERE workspace_id = ?",
          [h.workspaceId],
        );
        assert.ok(
          reads.every((r) => !goneConversations.includes(r.conversation_id)),
          "no read marker outlives its conversation",
        );

        // Purged visitors' keys are gone: a message sealed under one, copied before, no longer opens.
        const keyIds = new Set(queryFile<{ id: string }>(h, "SELECT id FROM data_keys").map((r) => r.id));
        const fresher = createVault({ keyring: createKeyring(h.masterKey), keys: h.store.keys });
        for (const visitor of goneVisitors) assert.equal(keyIds.has(visitor.keyId), false);
        for (const visitor of keptVisitors) assert.equal(keyIds.has(visitor.keyId), true);
        for (const seeded of Object.values(world.conversations)) {
          const copy = seeded.messages[0];
          assert.ok(copy);
          const isShredded = goneVisitors.some((v) => v.id === seeded.conversation.visitorId);
          for (const vault of [h.vault, fresher]) {
            if (isShredded) {
              await assert.rejects(
                openSealedMessage(vault, h.workspaceId, copy),
                (e: unknown) => isAppError(e) && e.code === "crypto.unreadable",
              );
            } else {
              assert.match((await openSealedMessage(vault, h.workspaceId, copy)).body, /-1/);
            }
          }
        }

        // Plugins are asked to delete their copies of what went, and only that.
        const outbox = await scope.outbox.list();
        const expectedOutbox = [
          ...(testCase.gone.conversations.includes("salesShop")
            ? [`${world.installations.slack.id} delete-conversation salesShop`]
            : []),
          ...(testCase.gone.conversations.includes("billingShop")
            ? [`${world.installations.zendesk.id} delete-conversation billingShop`]
            : []),
          ...testCase.gone.visitors.map((v) => `${world.installations.wordpress.id} delete-visitor ${v}`),
        ].sort();
        const nameOf = (id: string) =>
          Object.entries(world.conversations).find(([, s]) => s.conversation.id === id)?.[0] ??
          Object.entries(world.visitors).find(([, v]) => v.id === id)?.[0];
        assert.deepEqual(
          outbox.map((o) => `${o.installationId} ${o.kind} ${nameOf(o.subjectId)}`).sort(),
          expectedOutbox,
        );
        const salesShopOutbox = outbox.find(
          (o) => o.subjectId === world.conversations.salesShop?.conversation.id,
        );
        if (salesShopOutbox)
          assert.deepEqual(salesShopOutbox.refs, {
            slack: { teamId: "T-ACME", channelId: "C1", threadTs: "1700000000.0001" },
          });

        // One content-free audit event for the run (none when no period is set), and the chain verifies.
        const runs = (await scope.audit.list()).filter((e) => e.action === RETENTION_RUN_ACTION);
        if (testCase.policies.length === 0) {
          assert.equal(runs.length, 0);
        } else {
          assert.equal(runs.length, 1);
          assert.deepEqual(sorted(runs[0]?.details.conversationIds as string[]), sorted(goneConversations));
          assert.deepEqual(
            sorted(runs[0]?.details.visitorIds as string[]),
            sorted(goneVisitors.map((v) => v.id)),
          );
          assert.doesNotMatch(JSON.stringify(runs[0]), /salesShop-1|4111 1111|example\.test/);
        }
        assert.equal((await verifyAuditLog(h.deps, h.admin)).ok, true);
      } finally {
        await h.dispose();
      }
    });
  }
});

describe("runRetention: safety", () => {
  let h: TLifecycleHarness;
  let world: TWorld;

  before(async () => {
    h = await createLifecycleHarness();
    world = await seedWorld(h);
    await h.putPolicy({ retention: { conversationDays: 30, visitorDays: 30, auditDays: 30 } });
    // Recent events that retention keeps, after the old ones it purges.
    for (let i = 0; i < 3; i++) {
      await h.store.scoped(h.workspaceId).audit.append(
        {
          actor: { type: "member", id: h.admin.memberId },
          action: "policy.update",
          resource: { type: "workspace", id: h.workspaceId },
          outcome: "success",
          details: { n: i },
        },
        daysAfter(35),
      );
    }
  });
  after(() => h.dispose());

  it("dry run reports exactly what a real run then deletes, and changes nothing at all", async () => {
    const now = daysAfter(40);
    h.clock.now = now;
    const tables = [
      "conversations",
      "messages",
      "visitors",
      "data_keys",
      "conversation_reads",
      "audit_events",
      "plugin_outbox",
      "job_leases",
      "erasure_receipts",
    ];
    const snapshot = () => tables.map((t) => queryFile(h, `SELECT * FROM ${t} ORDER BY 1, 2`));
    const before = snapshot();
    const dry = await runRetention(h.deps, { now, dryRun: true, batchSize: 2 });
    assert.deepEqual(snapshot(), before);
    const [wouldGo] = dry.workspaces;
    assert.ok(wouldGo);
    assert.equal(wouldGo.messageCount, 7);
    assert.equal(wouldGo.keysDestroyed, 3);
    assert.equal(wouldGo.outboxQueued, 2 + 3, "slack and zendesk copies, and three visitors for WordPress");
    assert.ok(wouldGo.auditEventsDeleted > 0);

    const real = await runRetention(h.deps, { now, batchSize: 2 });
    const [went] = real.workspaces;
    assert.ok(went);
    assert.deepEqual([...went.conversationIds].sort(), [...wouldGo.conversationIds].sort());
    assert.deepEqual([...went.visitorIds].sort(), [...wouldGo.visitorIds].sort());
    for (const key of [
      "messageCount",
      "readMarkerCount",
      "keysDestroyed",
      "outboxQueued",
      "auditEventsDeleted",
    ] as const) {
      assert.equal(went[key], wouldGo[key], key);
    }
    assert.deepEqual(went.auditCheckpoint, wouldGo.auditCheckpoint);
    assert.equal(real.compact?.isCheckpointed, true);
  });

  it("verifies the audit chain after its oldest events were purged, and only from the recorded checkpoint", async () => {
    const verification = await verifyAuditLog(h.deps, h.admin);
    assert.equal(verification.ok, true);
    const scope = h.store.scoped(h.workspaceId);
    const [first] = await scope.audit.list({ limit: 1 });
    const run = (await scope.audit.list()).find((e) => e.action === RETENTION_RUN_ACTION);
    assert.ok(first && run && verification.firstSeq === first.seq && first.seq > 1);
    assert.equal(run.details.auditCheckpointSeq, first.seq - 1);
    assert.equal(run.details.auditCheckpointHash, first.prevHash);
    // Someone deleting one event more than retention did is caught.
    await scope.audit.deleteBefore(first.seq + 1);
    const tampered = await verifyAuditLog(h.deps, h.admin);
    assert.equal(tampered.ok, false);
    assert.equal(!tampered.ok && tampered.problem, "missing");
  });

  it("keeps a conversation that came back to life between planning and deletion", async () => {
    const visitor = await seedVisitor(h, { siteId: world.ids.shop, lastSeenAt: daysAfter(40) });
    const seeded = await seedConversation(h, {
      visitor,
      departmentId: world.ids.sales,
      at: daysAfter(1),
      bodies: ["old-1", "old-2"],
    });
    const scope = h.store.scoped(h.workspaceId);
    const [stale] = await scope.purge.listConversationsInactiveBefore(daysAfter(10), { limit: 10 });
    assert.equal(stale?.id, seeded.conversation.id);
    // The visitor writes again after the scan read the conversation.
    const revived = await seedConversation(h, {
      visitor,
      departmentId: world.ids.sales,
      at: daysAfter(41),
      bodies: [],
    });
    await scope.messages.append({
      ...(seeded.messages[0] as NonNullable<(typeof seeded.messages)[0]>),
      id: crypto.randomUUID(),
      createdAt: daysAfter(41),
    });
    const rows = await deleteConversationRows(scope.purge, [stale], {
      chunkSize: 1,
      onlyIfInactive: true,
      paced: (step) => step(),
    });
    assert.deepEqual(rows, { conversationIds: [], messages: 2, readMarkers: 0 });
    assert.equal(await scope.messages.count(seeded.conversation.id), 1, "the message written since stays");
    await scope.purge.deleteConversations([{ id: seeded.conversation.id }, { id: revived.conversation.id }]);
  });
});

describe("runRetention: one instance at a time", () => {
  it("lets one of two concurrent runs do the work; the other is skipped", async () => {
    const h = await createLifecycleHarness();
    try {
      const world = await seedWorld(h);
      await h.putPolicy({ retention: { conversationDays: 30, visitorDays: 30 } });
      const now = daysAfter(40);
      h.clock.now = now;
      const [a, b] = await Promise.all([
        runRetention(h.deps, { now, batchSize: 1, owner: "hub-a" }),
        runRetention(h.deps, { now, batchSize: 1, owner: "hub-b" }),
      ]);
      assert.deepEqual([a.status, b.status].sort(), ["completed", "skipped"]);
      const worker = a.status === "completed" ? a : b;
      assert.equal(worker.workspaces[0]?.conversationIds.length, 4);
      const runs = (await h.store.scoped(h.workspaceId).audit.list()).filter(
        (e) => e.action === RETENTION_RUN_ACTION,
      );
      assert.equal(runs.length, 1);
      assert.equal(
        queryFile(h, "SELECT id FROM visitors WHERE id = ?", [world.visitors.shopper.id]).length,
        0,
      );
      // Released at the end: the next run need not wait for the lease to expire.
      assert.equal((await runRetention(h.deps, { now, owner: "hub-b" })).status, "completed");
    } finally {
      await h.dispose();
    }
  });

  it("waits for another instance's live lease, and takes over an expired one", async () => {
    const h = await createLifecycleHarness();
    try {
      await h.putPolicy({ retention: { conversationDays: 30 } });
      h.clock.now = daysAfter(40);
      assert.equal(
        await acquireJobLease(h.store, {
          job: RETENTION_JOB,
          owner: "crashed",
          ttlMs: 60_000,
          now: h.clock.now,
        }),
        true,
      );
      assert.equal((await runRetention(h.deps, { now: h.clock.now, owner: "hub-b" })).status, "skipped");
      h.clock.now = new Date(h.clock.now.getTime() + 60_000);
      assert.equal((await runRetention(h.deps, { now: h.clock.now, owner: "hub-b" })).status, "completed");
    } finally {
      await h.dispose();
    }
  });

  it("stops where it is when another instance took the lease over, and says so in its audit event", async () => {
    const h = await createLifecycleHarness();
    try {
      await seedWorld(h);
      await h.putPolicy({ retention: { conversationDays: 30 } });
      // Each conversation takes at most 7 checks (scan, outbox, up to 4 message steps, row): 12 let
      // the first go and stop the run well before the fourth.
      let stepsLeft = 12;
      const purge = await unsafePurgeWorkspace(h.deps, {
        workspaceId: h.workspaceId,
        now: daysAfter(40),
        dryRun: false,
        batchSize: 1,
        dutyCycle: 1,
        actor: { type: "system", id: "retention" },
        keepAlive: async () => stepsLeft-- > 0,
      });
      assert.equal(purge.isComplete, false);
      const left = queryFile(h, "SELECT id FROM conversations WHERE workspace_id = ?", [h.workspaceId]);
      assert.ok(left.length > 0 && left.length < 4, "part of the work was done, not all of it");
      const [event] = (await h.store.scoped(h.workspaceId).audit.list()).filter(
        (e) => e.action === RETENTION_RUN_ACTION,
      );
      assert.equal(event?.details.isComplete, false);
      assert.equal(event?.details.conversationCount, 4 - left.length);
    } finally {
      await h.dispose();
    }
  });

  it("refuses a manager's run and lets an admin run their own workspace", async () => {
    const h = await createLifecycleHarness();
    try {
      const manager = await h.addMember("manager", [h.general.id]);
      await rejectsWithCode(runRetention(h.deps, { now: T0, actor: manager }), "access.denied");
      assert.equal((await runRetention(h.deps, { now: T0, actor: h.admin })).status, "completed");
    } finally {
      await h.dispose();
    }
  });
});

describe("runRetention: nothing of a purged message is left in the files", () => {
  it("leaves neither the text, nor its ciphertext, nor the visitor's wrapped key in the database or WAL", async () => {
    const h = await createLifecycleHarness();
    try {
      const site: TSiteRow = h.site;
      await h.putPolicy({ retention: { conversationDays: 30, visitorDays: 30 } });
      const secret = "Zanzibar-purple-elephant-7731 my diagnosis is nephrolithiasis";
      const doomed = await seedVisitor(h, {
        siteId: site.id,
        lastSeenAt: T0,
        email: "doomed.patient@example-health.test",
        name: "Rosalind Quixote",
      });
      const seeded = await seedConversation(h, {
        visitor: doomed,
        departmentId: h.general.id,
        at: T0,
        bodies: Array.from({ length: 40 }, (_, i) => `${secret} #${i}`),
      });
      const kept = await seedVisitor(h, { siteId: site.id, lastSeenAt: daysAfter(40) });
      await seedConversation(h, {
        visitor: kept,
        departmentId: h.general.id,
        at: daysAfter(40),
        bodies: ["still here"],
      });
      const [wrapped] = queryFile<{ wrapped: Buffer }>(h, "SELECT wrapped FROM data_keys WHERE id = ?", [
        doomed.keyId,
      ]);
      assert.ok(wrapped);
      const ciphertexts = [
        ...seeded.messages.map((m) => m.bodyCipher),
        doomed.emailCipher,
        doomed.nameCipher,
      ].filter((c): c is Uint8Array => c !== null);
      const needles = [...ciphertexts, new Uint8Array(wrapped.wrapped)];
      // Sanity: before the purge the bytes are there to be found.
      assert.equal(findBytesInFiles(h, needles).length, needles.length);

      h.clock.now = daysAfter(40);
      const run = await runRetention(h.deps, { now: h.clock.now, batchSize: 7 });
      assert.equal(run.compact?.isCheckpointed, true);
      assert.deepEqual(findBytesInFiles(h, needles), [], "purged ciphertext or key bytes still in a file");
      const texts = [secret, "Zanzibar", "nephrolithiasis", "doomed.patient", "Rosalind"].map((s) =>
        new TextEncoder().encode(s),
      );
      assert.deepEqual(findBytesInFiles(h, texts), []);
    } finally {
      await h.dispose();
    }
  });
});

describe("runRetention: live consoles and widgets hear of what went", () => {
  type TDeleted = Extract<TBusEvent, { type: "conversation.deleted" }>;
  const deletedEvents = (events: readonly TBusEvent[]) =>
    events.filter((e): e is TDeleted => e.type === "conversation.deleted");

  it("publishes conversation.deleted for exactly the purged conversations, batch by batch as their rows go", async () => {
    const h = await createLifecycleHarness();
    try {
      const world = await seedWorld(h);
      await h.putPolicy({ retention: { conversationDays: 30, visitorDays: 30 } });
      const now = daysAfter(40);
      h.clock.now = now;
      const fresh = await seedFresh(h, world, now);
      // What the file holds at the instant each event is delivered (subscribers run during publish).
      const seen: { event: TBusEvent; isRowGone: boolean; conversationsLeft: number }[] = [];
      h.bus.subscribe((event) => {
        if (event.type !== "conversation.deleted") return;
        const rowsLeft = (sql: string, params: unknown[]) => queryFile(h, sql, params).length;
        seen.push({
          event,
          isRowGone: rowsLeft("SELECT id FROM conversations WHERE id = ?", [event.conversationId]) === 0,
          conversationsLeft: rowsLeft("SELECT id FROM conversations WHERE workspace_id = ?", [h.workspaceId]),
        });
      });

      const dry = await runRetention(h.deps, { now, dryRun: true, batchSize: 2 });
      assert.equal(dry.workspaces[0]?.conversationIds.length, 4);
      assert.deepEqual(deletedEvents(h.events), [], "a dry run publishes nothing");

      const run = await runRetention(h.deps, { now, batchSize: 2 });
      const purged = run.workspaces[0]?.conversationIds ?? [];
      const expected = Object.values(world.conversations).map((s) => s.conversation.id);
      assert.deepEqual([...purged].sort(), [...expected].sort());
      const events = deletedEvents(h.events);
      assert.deepEqual(
        events.map((e) => e.conversationId).sort(),
        [...expected].sort(),
        "one event per purged conversation, none for the one that stays",
      );
      assert.ok(!events.some((e) => e.conversationId === fresh.conversation.conversation.id));
      for (const event of events) {
        // Ids and the reason only: no body, name or email can travel on the bus.
        assert.deepEqual(Object.keys(event).sort(), ["conversationId", "reason", "type", "workspaceId"]);
        assert.equal(event.workspaceId, h.workspaceId);
        assert.equal(event.reason, "retention");
      }
      assert.doesNotMatch(JSON.stringify(events), /salesShop|invoice|4111 1111|example\.test/);
      assert.ok(
        seen.every((s) => s.isRowGone),
        "each event is published after its conversation's row is gone",
      );
      // Four due conversations in steps of two: two batches, each announced before the next is
      // deleted (the fresh conversation stays throughout).
      assert.deepEqual(
        seen.map((s) => s.conversationsLeft),
        [3, 3, 1, 1],
      );
    } finally {
      await h.dispose();
    }
  });

  it("finishes the purge when the bus refuses every event", async () => {
    const h = await createLifecycleHarness();
    try {
      await seedWorld(h);
      await h.putPolicy({ retention: { conversationDays: 30 } });
      const now = daysAfter(40);
      let attempts = 0;
      const brokenBus = {
        ...h.bus,
        publish: async () => {
          attempts++;
          throw new Error("bus unreachable");
        },
      };
      const run = await runRetention({ ...h.deps, bus: brokenBus }, { now, batchSize: 3 });
      assert.equal(run.status, "completed");
      assert.equal(run.workspaces[0]?.conversationIds.length, 4);
      assert.equal(attempts, 4, "it tried to announce each conversation");
      assert.equal(
        queryFile(h, "SELECT id FROM conversations WHERE workspace_id = ?", [h.workspaceId]).length,
        0,
      );
    } finally {
      await h.dispose();
    }
  });
});
