import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isAppError } from "../errors/app-error";
import type { TCipherContext } from "./encrypt-field";
import type { KeyStore } from "./key-store";
import { createKeyring, generateMasterKey } from "./keyring";
import { createMemoryKeyStore } from "./memory-key-store";
import { createVault } from "./vault";

const isUnreadable = (error: unknown) => {
  assert.ok(isAppError(error), `expected an AppError, got ${String(error)}`);
  assert.equal(error.code, "crypto.unreadable");
  assert.equal(error.message, "This data cannot be read.");
  assert.equal(error.cause, undefined);
  return true;
};

const text = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: "binary" }));

/** A key store that counts lookups, to see what the cache saves. */
function countLookups(keys: KeyStore): KeyStore & { lookups: number } {
  const counted = {
    ...keys,
    lookups: 0,
    findKey(workspaceId: string, id: string) {
      counted.lookups += 1;
      return keys.findKey(workspaceId, id);
    },
  };
  return counted;
}

function setUp(options: { cacheSize?: number } = {}) {
  const keyring = createKeyring(generateMasterKey());
  const keys = createMemoryKeyStore();
  return { keyring, keys, vault: createVault({ keyring, keys, ...options }) };
}

describe("vault encrypt/decrypt", () => {
  const { vault } = setUp();
  const ctxFor = async (workspaceId: string): Promise<TCipherContext> => ({
    workspaceId,
    keyId: await vault.ensureKey({ workspaceId, purpose: "workspace", ownerId: null }),
    table: "messages",
    rowId: "3f1c0c56-5d0e-4a41-9d6a-4f6f0e6c7b11",
    column: "body",
  });

  it("round-trips arbitrary Unicode text, including the empty string", async () => {
    const ctx = await ctxFor("ws-1");
    await fc.assert(
      fc.asyncProperty(text, async (plaintext) => {
        assert.equal(await vault.decrypt(ctx, await vault.encrypt(ctx, plaintext)), plaintext);
      }),
      { numRuns: 200 },
    );
    assert.equal(await vault.decrypt(ctx, await vault.encrypt(ctx, "")), "");
  });

  // Attack: bytes altered at rest (a corrupted or maliciously edited row) must never decrypt to
  // anything, not even a prefix, and must not surface a raw OpenSSL error.
  it("refuses a flipped bit anywhere, any truncation, and any other version byte", async () => {
    const ctx = await ctxFor("ws-1");
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        async (plaintext, bit, cut, version) => {
          const sealed = await vault.encrypt(ctx, plaintext);
          const flipped = Uint8Array.from(sealed);
          const position = bit % (sealed.length * 8);
          flipped[position >> 3] = (flipped[position >> 3] ?? 0) ^ (1 << (position & 7));
          await assert.rejects(vault.decrypt(ctx, flipped), isUnreadable);

          await assert.rejects(vault.decrypt(ctx, sealed.subarray(0, cut % sealed.length)), isUnreadable);

          fc.pre(version !== 0x01);
          const reversioned = Uint8Array.from(sealed);
          reversioned[0] = version;
          await assert.rejects(vault.decrypt(ctx, reversioned), isUnreadable);
        },
      ),
      { numRuns: 150 },
    );
  });

  // Attack: a database writer swaps ciphertexts between rows, columns, tables, tenants or keys.
  it("refuses a ciphertext read under another row, column, table, workspace or key id", async () => {
    const ctx = await ctxFor("ws-1");
    const otherWorkspace = await ctxFor("ws-2");
    const otherKeyId = await vault.createKey({
      workspaceId: "ws-1",
      purpose: "visitor",
      ownerId: "visitor-9",
    });
    const moves: Record<string, (other: string) => TCipherContext> = {
      rowId: (other) => ({ ...ctx, rowId: other }),
      column: (other) => ({ ...ctx, column: other }),
      table: (other) => ({ ...ctx, table: other }),
      // Another workspace, with its own real key.
      workspaceId: () => otherWorkspace,
      // The same workspace id under a made-up name, so the key id is right but the workspace is not.
      workspaceName: (other) => ({ ...ctx, workspaceId: `ws-${other}` }),
      // Another real key of the same workspace, and a key id that does not exist.
      keyId: () => ({ ...ctx, keyId: otherKeyId }),
      unknownKeyId: (other) => ({ ...ctx, keyId: other }),
    };
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom(...Object.keys(moves)),
        fc.string({ minLength: 1, maxLength: 12 }),
        async (plaintext, move, other) => {
          const moved = moves[move]?.(other);
          assert.ok(moved);
          fc.pre(JSON.stringify(moved) !== JSON.stringify(ctx));
          const sealed = await vault.encrypt(ctx, plaintext);
          await assert.rejects(vault.decrypt(moved, sealed), isUnreadable);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("still decrypts when used legitimately across many rows with one key", async () => {
    const ctx = await ctxFor("ws-1");
    for (const rowId of ["a", "b", "c"]) {
      const here = { ...ctx, rowId };
      assert.equal(await vault.decrypt(here, await vault.encrypt(here, `row ${rowId}`)), `row ${rowId}`);
    }
  });
});

describe("vault crypto-shredding", () => {
  // Attack (on privacy): after erasure a visitor's messages must be unreadable everywhere the
  // ciphertext survives (backups, replicas), while everyone else's stay intact.
  it("destroying one visitor's key makes only that visitor's messages unreadable", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(text, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        async (messagesPerVisitor, pick) => {
          const { vault } = setUp();
          const stored = await Promise.all(
            messagesPerVisitor.map(async (messages, v) => {
              const keyId = await vault.ensureKey({
                workspaceId: "ws",
                purpose: "visitor",
                ownerId: `visitor-${v}`,
              });
              return Promise.all(
                messages.map(async (plaintext, m) => {
                  const ctx = {
                    workspaceId: "ws",
                    keyId,
                    table: "messages",
                    rowId: `${v}-${m}`,
                    column: "body",
                  };
                  return { ctx, plaintext, sealed: await vault.encrypt(ctx, plaintext) };
                }),
              );
            }),
          );
          const erased = pick % stored.length;
          const erasedKeyId = stored[erased]?.[0]?.ctx.keyId;
          assert.ok(erasedKeyId);
          assert.equal(await vault.destroyKey("ws", erasedKeyId), true);
          assert.equal(await vault.destroyKey("ws", erasedKeyId), false);

          for (const [v, messages] of stored.entries()) {
            for (const { ctx, plaintext, sealed } of messages) {
              if (v === erased) await assert.rejects(vault.decrypt(ctx, sealed), isUnreadable);
              else assert.equal(await vault.decrypt(ctx, sealed), plaintext);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses to encrypt under a destroyed key", async () => {
    const { vault } = setUp();
    const keyId = await vault.createKey({ workspaceId: "ws", purpose: "visitor", ownerId: "v" });
    await vault.destroyKey("ws", keyId);
    const ctx = { workspaceId: "ws", keyId, table: "messages", rowId: "r", column: "body" };
    await assert.rejects(vault.encrypt(ctx, "late message"), { code: "resource.gone" });
  });

  it("does not cache a key that was destroyed while it was being loaded", async () => {
    const keyring = createKeyring(generateMasterKey());
    const keys = createMemoryKeyStore();
    const writer = createVault({ keyring, keys });
    const keyId = await writer.createKey({ workspaceId: "ws", purpose: "visitor", ownerId: "v" });
    const ctx = { workspaceId: "ws", keyId, table: "messages", rowId: "r", column: "body" };
    const sealed = await writer.encrypt(ctx, "hello");

    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowKeys: KeyStore = {
      ...keys,
      async findKey(workspaceId, id) {
        const row = await keys.findKey(workspaceId, id); // read before the destroy...
        await gate; // ...answered after it
        return row;
      },
    };
    const reader = createVault({ keyring, keys: slowKeys });
    const reading = reader.decrypt(ctx, sealed);
    await new Promise((resolve) => setImmediate(resolve));
    await reader.destroyKey("ws", keyId);
    release();
    await assert.rejects(reading, isUnreadable);
    await assert.rejects(reader.decrypt(ctx, sealed), isUnreadable);
  });

  it("stops reading a key another instance destroyed once the cache TTL has passed", async () => {
    const keyring = createKeyring(generateMasterKey());
    const keys = createMemoryKeyStore();
    let clock = 0;
    const here = createVault({ keyring, keys, cacheTtlMs: 1000, now: () => clock });
    const there = createVault({ keyring, keys });
    const keyId = await here.createKey({ workspaceId: "ws", purpose: "visitor", ownerId: "v" });
    const ctx = { workspaceId: "ws", keyId, table: "messages", rowId: "r", column: "body" };
    const sealed = await here.encrypt(ctx, "hello");
    await there.destroyKey("ws", keyId);
    clock = 1000;
    await assert.rejects(here.decrypt(ctx, sealed), isUnreadable);
  });
});

describe("vault key handling", () => {
  // Attack: a database writer copies visitor B's wrapped key into visitor A's row, hoping A's data
  // key becomes one they already know (or that A's ciphertexts read under B's key).
  it("refuses a wrapped key swapped between two visitors' rows", async () => {
    const keyring = createKeyring(generateMasterKey());
    const keys = createMemoryKeyStore();
    const writer = createVault({ keyring, keys });
    const keyA = await writer.ensureKey({ workspaceId: "ws", purpose: "visitor", ownerId: "visitor-a" });
    const keyB = await writer.ensureKey({ workspaceId: "ws", purpose: "visitor", ownerId: "visitor-b" });
    const ctxA = { workspaceId: "ws", keyId: keyA, table: "messages", rowId: "r1", column: "body" };
    const ctxB = { workspaceId: "ws", keyId: keyB, table: "messages", rowId: "r2", column: "body" };
    const sealedA = await writer.encrypt(ctxA, "from a");
    const sealedB = await writer.encrypt(ctxB, "from b");

    const rowA = await keys.findKey("ws", keyA);
    const rowB = await keys.findKey("ws", keyB);
    assert.ok(rowA && rowB);
    await keys.updateWrapping("ws", keyA, rowB.kekId, rowB.wrapped);
    await keys.updateWrapping("ws", keyB, rowA.kekId, rowA.wrapped);

    const reader = createVault({ keyring, keys }); // a fresh process: nothing cached
    await assert.rejects(reader.decrypt(ctxA, sealedA), isUnreadable);
    await assert.rejects(reader.decrypt(ctxB, sealedB), isUnreadable);
    await assert.rejects(reader.decrypt({ ...ctxA, keyId: keyB }, sealedA), isUnreadable);

    // Put back, both read again: the failure came from the swap, not from the reader.
    await keys.updateWrapping("ws", keyA, rowA.kekId, rowA.wrapped);
    await keys.updateWrapping("ws", keyB, rowB.kekId, rowB.wrapped);
    assert.equal(await reader.decrypt(ctxA, sealedA), "from a");
    assert.equal(await reader.decrypt(ctxB, sealedB), "from b");
  });

  it("unwraps a key once for a whole conversation, even when its messages are read in parallel", async () => {
    const keyring = createKeyring(generateMasterKey());
    const keys = countLookups(createMemoryKeyStore());
    const writer = createVault({ keyring, keys });
    const keyId = await writer.createKey({ workspaceId: "ws", purpose: "visitor", ownerId: "v" });
    const rows = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const ctx = { workspaceId: "ws", keyId, table: "messages", rowId: `m${i}`, column: "body" };
        return { ctx, sealed: await writer.encrypt(ctx, `message ${i}`) };
      }),
    );
    const reader = createVault({ keyring, keys });
    keys.lookups = 0;
    const read = await Promise.all(rows.map(({ ctx, sealed }) => reader.decrypt(ctx, sealed)));
    assert.deepEqual(
      read,
      rows.map((_, i) => `message ${i}`),
    );
    assert.equal(keys.lookups, 1);

    // Once shredded, the whole transcript fails with one lookup too (no query per message).
    await reader.destroyKey("ws", keyId);
    keys.lookups = 0;
    const results = await Promise.allSettled(rows.map(({ ctx, sealed }) => reader.decrypt(ctx, sealed)));
    assert.ok(results.every((result) => result.status === "rejected" && isUnreadable(result.reason)));
    assert.equal(keys.lookups, 1);
  });

  it("keeps at most cacheSize keys unwrapped, and still works with no cache at all", async () => {
    for (const cacheSize of [0, 2]) {
      const keyring = createKeyring(generateMasterKey());
      const keys = countLookups(createMemoryKeyStore());
      const vault = createVault({ keyring, keys, cacheSize });
      const contexts = await Promise.all(
        [0, 1, 2].map(async (v) => ({
          workspaceId: "ws",
          keyId: await vault.createKey({ workspaceId: "ws", purpose: "visitor", ownerId: `v${v}` }),
          table: "messages",
          rowId: "r",
          column: "body",
        })),
      );
      const sealed = await Promise.all(contexts.map((ctx) => vault.encrypt(ctx, "x")));
      const readAll = async () => {
        for (const [i, ctx] of contexts.entries()) {
          assert.equal(await vault.decrypt(ctx, sealed[i] ?? new Uint8Array()), "x");
        }
      };
      await readAll();
      keys.lookups = 0;
      await readAll();
      // Three keys read round-robin through a cache of two (or none) miss every time.
      assert.equal(keys.lookups, 3, `cacheSize ${cacheSize}`);
    }
  });

  it("ensureKey returns one key per owner, also under concurrent calls from two instances", async () => {
    const keyring = createKeyring(generateMasterKey());
    const keys = createMemoryKeyStore();
    const first = createVault({ keyring, keys });
    const second = createVault({ keyring, keys });
    const owner = { workspaceId: "ws", purpose: "visitor" as const, ownerId: "v" };
    const ids = await Promise.all([first.ensureKey(owner), first.ensureKey(owner), second.ensureKey(owner)]);
    assert.equal(new Set(ids).size, 1);
    assert.equal(await first.ensureKey(owner), ids[0]);
    assert.notEqual(await first.ensureKey({ ...owner, ownerId: "other" }), ids[0]);
  });

  it("refuses a visitor key without a visitor, or an owner on any other key", async () => {
    const { vault } = setUp();
    await assert.rejects(vault.createKey({ workspaceId: "ws", purpose: "visitor", ownerId: null }), {
      code: "internal.error",
    });
    await assert.rejects(vault.ensureKey({ workspaceId: "ws", purpose: "workspace", ownerId: "v" }), {
      code: "internal.error",
    });
  });

  it("stores only wrapped keys, under the current KEK", async () => {
    const { vault, keys, keyring } = setUp();
    const keyId = await vault.createKey({ workspaceId: "ws", purpose: "workspace", ownerId: null });
    const row = await keys.findKey("ws", keyId);
    assert.ok(row);
    assert.equal(row.kekId, keyring.current.id);
    assert.equal(row.wrapped.length, 61);
    assert.equal(row.wrapped[0], 0x01);
  });
});
