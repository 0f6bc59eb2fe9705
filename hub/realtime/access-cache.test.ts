import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TConversation } from "@tawkster/core/schemas";
import type { Store } from "@tawkster/core/store";
import { ACCESS_TTL_MS, createAccessCache } from "./access-cache";

/** A store whose conversation rows a test edits behind the cache's back (as another process would). */
function fakeStore() {
  const rows = new Map<string, Partial<TConversation>>();
  let reads = 0;
  let failNext = false;
  const store = {
    scoped: () => ({
      conversations: {
        get: async (id: string) => {
          reads += 1;
          if (failNext) {
            failNext = false;
            throw new Error("disk");
          }
          const row = rows.get(id);
          return row === undefined ? null : ({ ...row } as TConversation);
        },
      },
    }),
  } as unknown as Store;
  return {
    store,
    rows,
    reads: () => reads,
    failNextRead: () => {
      failNext = true;
    },
  };
}

describe("createAccessCache", () => {
  it("reads a row again once ACCESS_TTL_MS passed, so a change it was not told of applies by then", async () => {
    const fake = fakeStore();
    let clock = 0;
    const cache = createAccessCache(fake.store, () => clock);
    fake.rows.set("c1", { departmentId: "general" });
    assert.equal((await cache.conversation("w", "c1"))?.departmentId, "general");
    fake.rows.set("c1", { departmentId: "billing" });
    clock = ACCESS_TTL_MS - 1;
    assert.equal((await cache.conversation("w", "c1"))?.departmentId, "general");
    clock = ACCESS_TTL_MS;
    assert.equal((await cache.conversation("w", "c1"))?.departmentId, "billing");
    assert.ok(ACCESS_TTL_MS <= 2_000, "the backstop is at most 2 s");
  });

  it("keeps nothing while a write to the row is under way, and forgets it when told", async () => {
    const fake = fakeStore();
    const cache = createAccessCache(fake.store, () => 0);
    fake.rows.set("c1", { departmentId: "general" });
    await cache.conversation("w", "c1");
    const write = { table: "conversations", workspaceId: "w", id: "c1" } as const;
    cache.noteWrite({ ...write, phase: "begin" });
    const before = fake.reads();
    await cache.conversation("w", "c1");
    await cache.conversation("w", "c1");
    assert.equal(fake.reads(), before + 2, "every read goes to the store during the write");
    fake.rows.set("c1", { departmentId: "billing" });
    cache.noteWrite({ ...write, phase: "end" });
    assert.equal((await cache.conversation("w", "c1"))?.departmentId, "billing");
    fake.rows.set("c1", { departmentId: "general" });
    cache.forget("conversations", "w", "c1");
    assert.equal((await cache.conversation("w", "c1"))?.departmentId, "general");
  });

  it("does not keep a failed read (the caller refuses; the next decision reads again)", async () => {
    const fake = fakeStore();
    const cache = createAccessCache(fake.store, () => 0);
    fake.rows.set("c1", { departmentId: "general" });
    fake.failNextRead();
    await assert.rejects(cache.conversation("w", "c1"));
    assert.equal((await cache.conversation("w", "c1"))?.departmentId, "general");
  });

  it("answers synchronously only what a read would resolve to from the cache: kept, fresh, settled, no write under way", async () => {
    const fake = fakeStore();
    let clock = 0;
    const cache = createAccessCache(fake.store, () => clock);
    fake.rows.set("c1", { departmentId: "general" });
    fake.rows.set("c2", { departmentId: "general" });
    assert.equal(cache.conversationNow("w", "c1"), undefined, "never read");
    const reading = cache.conversation("w", "c1");
    assert.equal(cache.conversationNow("w", "c1"), undefined, "still being read");
    await reading;
    assert.equal(cache.conversationNow("w", "c1")?.departmentId, "general");
    assert.equal(cache.conversationNow("w", "missing"), undefined);
    await cache.conversation("w", "missing");
    assert.equal(cache.conversationNow("w", "missing"), null, "a row that is not there is a fact too");

    const write = { table: "conversations", workspaceId: "w", id: "c1" } as const;
    cache.noteWrite({ ...write, phase: "begin" });
    assert.equal(cache.conversationNow("w", "c1"), undefined, "nothing during a write");
    cache.noteWrite({ ...write, phase: "end" });
    assert.equal(cache.conversationNow("w", "c1"), undefined, "forgotten by the write");

    await cache.conversation("w", "c2");
    cache.forget("conversations", "w", "c2");
    assert.equal(cache.conversationNow("w", "c2"), undefined, "forgotten when told");

    await cache.conversation("w", "c2");
    clock = ACCESS_TTL_MS;
    assert.equal(cache.conversationNow("w", "c2"), undefined, "too old");

    fake.failNextRead();
    await assert.rejects(cache.conversation("w", "c3"));
    assert.equal(cache.conversationNow("w", "c3"), undefined, "a failed read is not an answer");
  });
});
