import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createDataKeyCache, type TCachedDataKey } from "./data-key-cache";

const entry = (): TCachedDataKey => ({ dataKey: randomBytes(32), purpose: "workspace", ownerId: null });
const isWiped = (buffer: Buffer) => buffer.every((byte) => byte === 0);

describe("createDataKeyCache", () => {
  it("keeps at most maxSize keys, evicting and wiping the least recently used", () => {
    const cache = createDataKeyCache({ maxSize: 2, ttlMs: 60_000 });
    const a = entry();
    const b = entry();
    const c = entry();
    cache.set("w", "a", a);
    cache.set("w", "b", b);
    // Reading "a" makes "b" the least recently used.
    assert.equal(cache.get("w", "a")?.dataKey, a.dataKey);
    cache.set("w", "c", c);
    assert.equal(cache.size, 2);
    assert.equal(cache.get("w", "b"), null);
    assert.ok(isWiped(b.dataKey));
    assert.ok(!isWiped(a.dataKey));
    assert.ok(cache.get("w", "c"));
  });

  it("wipes on evict and clear, and expires entries after the TTL", () => {
    let clock = 0;
    const cache = createDataKeyCache({ maxSize: 10, ttlMs: 1000, now: () => clock });
    const a = entry();
    const b = entry();
    const c = entry();
    cache.set("w", "a", a);
    cache.set("w", "b", b);
    cache.set("w", "c", c);
    assert.equal(cache.evict("w", "a"), true);
    assert.equal(cache.evict("w", "a"), false);
    assert.ok(isWiped(a.dataKey));
    clock = 1000;
    assert.equal(cache.get("w", "b"), null);
    assert.ok(isWiped(b.dataKey));
    cache.clear();
    assert.ok(isWiped(c.dataKey));
    assert.equal(cache.size, 0);
  });

  it("keeps workspaces apart even when ids could be concatenated alike", () => {
    const cache = createDataKeyCache({ maxSize: 10, ttlMs: 60_000 });
    cache.set("ab", "c", entry());
    assert.equal(cache.get("a", "bc"), null);
  });

  it("with size 0 caches nothing and wipes what it is given", () => {
    const cache = createDataKeyCache({ maxSize: 0, ttlMs: 60_000 });
    const a = entry();
    cache.set("w", "a", a);
    assert.equal(cache.get("w", "a"), null);
    assert.ok(isWiped(a.dataKey));
  });
});
