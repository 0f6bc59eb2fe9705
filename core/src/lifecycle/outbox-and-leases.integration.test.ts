import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { rejectsWithCode } from "../chat/test-harness";
import { acquireJobLease } from "./acquire-job-lease";
import { claimOutboxBatch } from "./claim-outbox-batch";
import { markOutboxDelivered } from "./mark-outbox-delivered";
import { computeOutboxBackoff, markOutboxFailed, OUTBOX_MAX_RETRY_MS } from "./mark-outbox-failed";
import { releaseJobLease } from "./release-job-lease";
import { createLifecycleHarness, daysAfter, type TLifecycleHarness } from "./test-fixtures";

const at = (seconds: number) => daysAfter(10, seconds * 1000);

describe("plugin deletion outbox", () => {
  let h: TLifecycleHarness;
  const installationId = randomUUID();

  before(async () => {
    h = await createLifecycleHarness();
    const items = Array.from({ length: 10 }, (_, i) => ({
      id: randomUUID(),
      installationId,
      kind: "delete-conversation" as const,
      subjectId: `00000000-0000-4000-8000-00000000000${i}`,
      refs: { zendesk: { subdomain: "acme", ticketId: i + 1 } },
      createdAt: at(0),
    }));
    const outbox = h.store.scoped(h.workspaceId).outbox;
    assert.equal(await outbox.enqueue(items), 10);
    // Queuing the same deletion twice (a retried purge) asks the plugin once.
    assert.equal(await outbox.enqueue(items.map((item) => ({ ...item, id: randomUUID() }))), 0);
  });
  after(() => h.dispose());

  it("leases each item to one deliverer at a time, across concurrent claims", async () => {
    const claims = await Promise.all(
      ["hub-a", "hub-b", "hub-c"].map((owner) =>
        claimOutboxBatch(h.store, { now: at(1), leaseMs: 60_000, limit: 4, owner }),
      ),
    );
    const ids = claims.flat().map((item) => item.id);
    assert.equal(ids.length, 10);
    assert.equal(new Set(ids).size, 10, "no item went to two deliverers");
    assert.deepEqual(
      await claimOutboxBatch(h.store, { now: at(2), leaseMs: 60_000, limit: 10, owner: "hub-d" }),
      [],
    );
    const item = claims[0]?.[0];
    assert.ok(item && item.workspaceId === h.workspaceId && item.leaseOwner === "hub-a");
    assert.deepEqual(item.refs.zendesk?.subdomain, "acme");
  });

  it("settles items: delivered ones never come back, failed ones back off exponentially", async () => {
    const [mine] = await h.store.scoped(h.workspaceId).outbox.list({ pendingOnly: true, limit: 1 });
    assert.ok(mine);
    const owner = mine.leaseOwner ?? "";
    assert.equal(
      await markOutboxDelivered(h.store, { id: mine.id, owner: "someone-else", now: at(3) }),
      false,
    );
    assert.equal(await markOutboxDelivered(h.store, { id: mine.id, owner, now: at(3) }), true);

    const [next] = await h.store.scoped(h.workspaceId).outbox.list({ pendingOnly: true, limit: 1 });
    assert.ok(next);
    const failed = await markOutboxFailed(h.store, {
      id: next.id,
      owner: next.leaseOwner ?? "",
      attempts: 0,
      now: at(4),
    });
    assert.equal(failed.isRecorded, true);
    assert.deepEqual(failed.nextAttemptAt, at(34));

    // Leases of the others run out at 61 s; the failed one waits for its backoff.
    const early = await claimOutboxBatch(h.store, {
      now: at(30),
      leaseMs: 60_000,
      limit: 10,
      owner: "hub-e",
    });
    assert.deepEqual(early, []);
    const retried = await claimOutboxBatch(h.store, {
      now: at(61),
      leaseMs: 60_000,
      limit: 10,
      owner: "hub-e",
    });
    assert.equal(retried.length, 9, "every undelivered item, the failed one included");
    assert.ok(!retried.some((item) => item.id === mine.id));
    assert.equal(retried.find((item) => item.id === next.id)?.attempts, 1);
    assert.equal(await h.store.scoped(h.workspaceId).outbox.countPending(), 9);
  });

  it("spaces retries 30 s, 1 min, 2 min … up to 6 hours, never giving up", () => {
    assert.deepEqual([1, 2, 3, 4].map(computeOutboxBackoff), [30_000, 60_000, 120_000, 240_000]);
    assert.equal(computeOutboxBackoff(100), OUTBOX_MAX_RETRY_MS);
  });

  it("validates its input", async () => {
    await rejectsWithCode(
      claimOutboxBatch(h.store, { now: at(0), leaseMs: 0, limit: 1, owner: "x" }),
      "request.invalid",
    );
  });
});

describe("job leases", () => {
  let h: TLifecycleHarness;
  before(async () => {
    h = await createLifecycleHarness();
  });
  after(() => h.dispose());

  it("grants a job to one owner until it expires or is released, and renews for its holder", async () => {
    const lease = (owner: string, seconds: number) =>
      acquireJobLease(h.store, { job: "retention", owner, ttlMs: 10_000, now: at(seconds) });
    const racing = await Promise.all([lease("a", 0), lease("b", 0)]);
    const holder = racing[0] ? "a" : "b";
    assert.deepEqual([...racing].sort(), [false, true]);
    const other = holder === "a" ? "b" : "a";
    assert.equal(await lease(holder, 5), true, "renewal");
    assert.equal(await lease(other, 14), false, "renewed until 15 s");
    assert.equal(await lease(other, 15), true, "expired: taken over");
    assert.equal(await releaseJobLease(h.store, { job: "retention", owner: holder, now: at(16) }), false);
    assert.equal(await releaseJobLease(h.store, { job: "retention", owner: other, now: at(16) }), true);
    assert.equal(await lease(holder, 16), true, "released: free at once");
    const row = await h.store.jobLeases.get("retention");
    assert.equal(row?.owner, holder);
    assert.deepEqual(row?.acquiredAt, at(16));
  });
});
