import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createKeyring, createVault, generateMasterKey, rotateKek } from "../../crypto";
import { isAppError } from "../../errors/app-error";
import { runStoreContract } from "../contract";
import { openSealedMessage, openSealedVisitor, sealMessage, sealVisitor } from "../sealed-records";
import { createSqlStore } from "../sql/sql-store";
import { createSqliteDriver, openSqliteDatabase, openSqliteStore } from "./index";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-sqlite-"));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

runStoreContract("sqlite", async () => {
  const driver = createSqliteDriver(openSqliteDatabase(join(tempDir(), "contract.db")));
  const store = createSqlStore(driver);
  await store.migrate();
  return { store, raw: driver, dispose: () => store.close() };
});

async function seedWorkspace(path: string) {
  const driver = createSqliteDriver(openSqliteDatabase(path));
  const store = createSqlStore(driver);
  await store.migrate();
  const workspaceId = randomUUID();
  await store.workspaces.create({ id: workspaceId, name: "Clinic", createdAt: new Date() });
  return { driver, store, workspaceId };
}

function visitorFixture(siteId: string, i: number) {
  return {
    id: randomUUID(),
    siteId,
    email: `patient.number${i}@example-health.test`,
    name: `Rosalind Quixote-${i}`,
    ip: "203.0.113.0",
    identityVerified: false,
    consent: { functional: false, updatedAt: null },
    createdAt: new Date(),
    lastSeenAt: new Date(),
  };
}

describe("sqlite adapter", () => {
  it("creates the database file with mode 0600, in WAL mode with secure delete on", async () => {
    const path = join(tempDir(), "nested", "tawkster.db");
    const store = await openSqliteStore(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const db = openSqliteDatabase(path);
    assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    assert.equal(db.pragma("secure_delete", { simple: true }), 1);
    db.close();
    await store.close();
  });

  it("commits transactions asked for together as a group, rolling back only the one that failed", async () => {
    const driver = createSqliteDriver(openSqliteDatabase(join(tempDir(), "group.db")));
    const store = createSqlStore(driver);
    await store.migrate();
    const insert = (id: string) =>
      driver.transaction(async (tx) => {
        await tx.run("INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)", [id, id, Date.now()]);
        if (id === "b") throw new Error("refused");
        return id;
      });
    const results = await Promise.allSettled([insert("a"), insert("b"), insert("c")]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    assert.deepEqual(
      results.map((r) => (r.status === "fulfilled" ? r.value : null)),
      ["a", null, "c"],
    );
    const ids = (await driver.all<{ id: string }>("SELECT id FROM workspaces ORDER BY id")).map((r) => r.id);
    assert.deepEqual(ids, ["a", "c"]);
    await store.close();
  });

  it("runs a batch again, each transaction isolated, when one fails on a constraint; a lone failure keeps nothing", async () => {
    const driver = createSqliteDriver(openSqliteDatabase(join(tempDir(), "group-retry.db")));
    const store = createSqlStore(driver);
    await store.migrate();
    await driver.run("INSERT INTO workspaces (id, name, created_at) VALUES ('taken', 'taken', 1)");
    const runs = new Map<string, number>();
    const insert = (id: string) =>
      driver.transaction(async (tx) => {
        runs.set(id, (runs.get(id) ?? 0) + 1);
        const { changes } = await tx.run("INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)", [
          id,
          id,
          Date.now(),
        ]);
        return `${id}:${changes}`;
      });
    const results = await Promise.allSettled([insert("x"), insert("taken"), insert("y")]);
    assert.deepEqual(
      results.map((r) => (r.status === "fulfilled" ? r.value : "rejected")),
      ["x:1", "rejected", "y:1"],
    );
    // The optimistic run stopped at the failure ("y" never ran in it); the isolated run did all three.
    assert.deepEqual(Object.fromEntries(runs), { x: 2, taken: 2, y: 1 });

    const alone = await Promise.allSettled([insert("taken")]);
    assert.equal(alone[0]?.status, "rejected");
    assert.equal(await insert("z"), "z:1");
    const ids = (await driver.all<{ id: string }>("SELECT id FROM workspaces ORDER BY id")).map((r) => r.id);
    assert.deepEqual(ids, ["taken", "x", "y", "z"]);
    await store.close();
  });

  it("migrates once: reopening an existing file keeps its data", async () => {
    const path = join(tempDir(), "reopen.db");
    const first = await openSqliteStore(path);
    const id = randomUUID();
    await first.workspaces.create({ id, name: "Kept", createdAt: new Date() });
    await first.close();
    const second = await openSqliteStore(path);
    assert.equal((await second.workspaces.get(id))?.name, "Kept");
    await second.close();
  });

  it("leaves no message text, email, name, phone or card number in the database file or its WAL", async () => {
    const path = join(tempDir(), "tawkster.db");
    const { driver, store, workspaceId } = await seedWorkspace(path);
    const vault = createVault({ keyring: createKeyring(generateMasterKey()), keys: store.keys });
    const scope = store.scoped(workspaceId);
    const siteId = randomUUID();
    const secrets: string[] = [];
    const visitors = [];
    for (let v = 0; v < 20; v++) {
      const visitor = visitorFixture(siteId, v);
      visitors.push({
        visitor,
        row: await scope.visitors.create(await sealVisitor(vault, workspaceId, visitor)),
      });
      secrets.push(visitor.email, visitor.name);
    }
    const cards = ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"];
    const phones = ["+44 20 7946 0958", "(415) 555-2671", "+49 30 901820"];
    secrets.push(...cards, ...phones, "4111111111111111", "5500000000000004");
    for (let i = 0; i < 1000; i++) {
      const { visitor, row } = visitors[i % visitors.length] ?? assert.fail("no visitor");
      if (i < visitors.length) {
        await scope.conversations.create({
          id: visitor.id,
          siteId,
          departmentId: randomUUID(),
          visitorId: visitor.id,
          status: "open",
          assigneeId: null,
          createdAt: new Date(),
          lastActivityAt: new Date(),
          closedAt: null,
          slack: null,
          zendesk: null,
        });
      }
      const body = `Hi, I am ${visitor.name} (${visitor.email}). Card ${cards[i % 3]}, call ${phones[i % 3]}. Diagnosis: nephrolithiasis-${i}`;
      await scope.messages.append(
        await sealMessage(vault, workspaceId, {
          id: randomUUID(),
          conversationId: visitor.id,
          author: { type: "visitor", id: visitor.id },
          body,
          createdAt: new Date(),
          visitorKeyId: row.keyId,
        }),
      );
    }
    secrets.push("nephrolithiasis", "Diagnosis", "Rosalind", "example-health");

    const scan = (label: string) => {
      for (const file of [path, `${path}-wal`]) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch {
          continue;
        }
        for (const secret of secrets) {
          assert.equal(
            bytes.indexOf(Buffer.from(secret, "utf8")),
            -1,
            `${label}: "${secret}" found in ${file}`,
          );
        }
      }
    };
    // While open, most pages still sit in the WAL; after close they are checkpointed into the file.
    assert.ok(statSync(`${path}-wal`).size > 0, "the WAL should hold the recent writes");
    scan("before checkpoint");
    // The text really is there, readable through the keys.
    const first = visitors[0] ?? assert.fail("no visitor");
    const messages = await scope.messages.list(first.visitor.id);
    assert.equal(messages.length, 50);
    const opened = await openSealedMessage(vault, workspaceId, messages[0] ?? assert.fail("no message"));
    assert.match(opened.body, /^Hi, I am Rosalind Quixote-0 \(patient\.number0@example-health\.test\)/);
    assert.deepEqual(await openSealedVisitor(vault, workspaceId, first.row), {
      ...first.visitor,
      workspaceId,
    });
    await store.close();
    assert.equal(driver.raw.open, false);
    scan("after checkpoint");
  });

  it("crypto-shreds one visitor: their messages become unreadable, everyone else's still read", async () => {
    const { store, workspaceId } = await seedWorkspace(join(tempDir(), "shred.db"));
    const vault = createVault({ keyring: createKeyring(generateMasterKey()), keys: store.keys });
    const scope = store.scoped(workspaceId);
    const siteId = randomUUID();
    const rows = [];
    for (let v = 0; v < 3; v++) {
      const row = await scope.visitors.create(
        await sealVisitor(vault, workspaceId, visitorFixture(siteId, v)),
      );
      const message = await scope.messages.append(
        await sealMessage(vault, workspaceId, {
          id: randomUUID(),
          conversationId: (
            await scope.conversations.create({
              id: randomUUID(),
              siteId,
              departmentId: randomUUID(),
              visitorId: row.id,
              status: "open",
              assigneeId: null,
              createdAt: new Date(),
              lastActivityAt: new Date(),
              closedAt: null,
              slack: null,
              zendesk: null,
            })
          ).id,
          author: { type: "visitor", id: row.id },
          body: `message of visitor ${v}`,
          createdAt: new Date(),
          visitorKeyId: row.keyId,
        }),
      );
      rows.push({ row, message });
    }
    const [victim, ...others] = rows;
    assert.ok(victim);
    assert.equal(await vault.destroyKey(workspaceId, victim.row.keyId), true);
    // A fresh vault (no cache) proves the key is gone from storage, not just from memory.
    const freshVault = createVault({ keyring: createKeyring(generateMasterKey()), keys: store.keys });
    for (const v of [vault, freshVault]) {
      await assert.rejects(openSealedMessage(v, workspaceId, victim.message), (e: unknown) => {
        assert.ok(isAppError(e) && e.code === "crypto.unreadable");
        return true;
      });
      await assert.rejects(openSealedVisitor(v, workspaceId, victim.row));
    }
    for (const [i, other] of others.entries()) {
      assert.equal(
        (await openSealedMessage(vault, workspaceId, other.message)).body,
        `message of visitor ${i + 1}`,
      );
    }
    await store.close();
  });

  it("rotates the master key by re-wrapping data keys only: every row still reads, no ciphertext changes", async () => {
    const { driver, store, workspaceId } = await seedWorkspace(join(tempDir(), "rotate.db"));
    const oldKek = generateMasterKey();
    const vault = createVault({ keyring: createKeyring(oldKek), keys: store.keys });
    const scope = store.scoped(workspaceId);
    const visitors = [];
    for (let v = 0; v < 5; v++) {
      visitors.push(
        await scope.visitors.create(await sealVisitor(vault, workspaceId, visitorFixture(randomUUID(), v))),
      );
    }
    const before = await driver.all("SELECT id, email_cipher, name_cipher FROM visitors ORDER BY id");
    const newKek = generateMasterKey();
    const result = await rotateKek({
      keys: store.keys,
      keyring: createKeyring(newKek, [oldKek]),
      batchSize: 2,
    });
    assert.equal(result.rewrapped, 6, "five visitor keys and the workspace's blind-index key");
    assert.deepEqual(
      await driver.all("SELECT id, email_cipher, name_cipher FROM visitors ORDER BY id"),
      before,
    );
    const onlyNew = createVault({ keyring: createKeyring(newKek), keys: store.keys });
    for (const [i, row] of visitors.entries()) {
      assert.equal((await openSealedVisitor(onlyNew, workspaceId, row)).name, `Rosalind Quixote-${i}`);
    }
    const onlyOld = createVault({ keyring: createKeyring(oldKek), keys: store.keys });
    await assert.rejects(openSealedVisitor(onlyOld, workspaceId, visitors[0] ?? assert.fail("no visitor")));
    await store.close();
  });
});
