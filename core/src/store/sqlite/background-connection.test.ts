import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { startBackgroundConnection } from "./background-connection";
import { openSqliteDatabase } from "./sqlite-driver";
import { createWriteLock } from "./write-lock";

const dir = mkdtempSync(join(tmpdir(), "tawkster-background-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function openWithRows(name: string, rows: number) {
  const path = join(dir, name);
  const db = openSqliteDatabase(path);
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
  const insert = db.prepare("INSERT INTO t (body) VALUES (?)");
  for (let i = 0; i < rows; i++) insert.run(Buffer.alloc(2000, i % 251));
  return { path, db };
}

describe("startBackgroundConnection", () => {
  it("folds the WAL into the database on its own thread, and a truncating checkpoint empties the log", async () => {
    const { path, db } = openWithRows("fold.db", 500);
    const background = startBackgroundConnection(path, createWriteLock());
    const passive = await background.checkpoint("passive");
    assert.equal(passive.busy, 0);
    assert.ok(passive.log > 0, "the inserts were still in the log");
    assert.equal(passive.checkpointed, passive.log);
    assert.ok(statSync(path).size > 500 * 2000, "the rows reached the database file");
    const truncated = await background.checkpoint("truncate");
    assert.equal(truncated.busy, 0);
    assert.equal(statSync(`${path}-wal`).size, 0);
    await background.close();
    db.close();
  });

  it("after a nudge, checkpoints by itself what was committed meanwhile", async () => {
    const { path, db } = openWithRows("nudge.db", 200);
    const background = startBackgroundConnection(path, createWriteLock(), { intervalMs: 5 });
    background.nudge();
    let folded = false;
    for (let i = 0; i < 200 && !folded; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      folded = statSync(path).size > 200 * 2000;
    }
    assert.ok(folded, "the database file received the committed pages");
    await background.close();
    db.close();
  });

  it("writes a batch as one transaction and reports each statement's changes", async () => {
    const { path, db } = openWithRows("batch.db", 10);
    const background = startBackgroundConnection(path, createWriteLock());
    const changes = await background.write([
      { sql: "DELETE FROM t WHERE id <= ?", params: [3] },
      { sql: "UPDATE t SET body = ? WHERE id = ?", params: [new Uint8Array([1, 2, 3]), 4] },
      { sql: "DELETE FROM t WHERE id = ?", params: [999] },
    ]);
    assert.deepEqual(changes, [3, 1, 0]);
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM t").get() as { n: number }).n, 7);
    const row = db.prepare("SELECT body FROM t WHERE id = 4").get() as { body: Buffer };
    assert.deepEqual([...row.body], [1, 2, 3], "a Uint8Array parameter arrives as a blob");
    await background.close();
    db.close();
  });

  it("rolls the whole batch back when one statement fails, and names only the error's code", async () => {
    const { path, db } = openWithRows("rollback.db", 10);
    const background = startBackgroundConnection(path, createWriteLock());
    await assert.rejects(
      background.write([
        { sql: "DELETE FROM t WHERE id <= ?", params: [5] },
        { sql: "INSERT INTO t (id, body) VALUES (?, ?)", params: [6, null] },
        { sql: "INSERT INTO t (id, body) VALUES (?, ?)", params: [6, null] },
      ]),
      (error: Error) => /SQLITE_CONSTRAINT/.test(error.message) && !error.message.includes(path),
    );
    assert.equal(
      (db.prepare("SELECT COUNT(*) AS n FROM t").get() as { n: number }).n,
      10,
      "nothing was deleted",
    );
    assert.deepEqual(await background.write([{ sql: "DELETE FROM t WHERE id = ?", params: [1] }]), [1]);
    await background.close();
    db.close();
  });

  it("waits for the write lock while the event loop holds it, and deletes with secure_delete on", async () => {
    const { path, db } = openWithRows("lock.db", 20);
    const lock = createWriteLock();
    const background = startBackgroundConnection(path, lock);
    await lock.acquire();
    let isDone = false;
    const write = background.write([{ sql: "DELETE FROM t WHERE id <= ?", params: [10] }]).then((changes) => {
      isDone = true;
      return changes;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(isDone, false, "the batch waited for the lock");
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM t").get() as { n: number }).n, 20);
    lock.release();
    assert.deepEqual(await write, [10]);
    await background.checkpoint("truncate");
    const file = readFileSync(path);
    // Row i's body is 2,000 bytes of (i - 1) % 251: the deleted rows' bytes are gone from the file.
    assert.equal(file.includes(Buffer.alloc(64, 5)), false, "a deleted row's bytes were overwritten");
    assert.equal(file.includes(Buffer.alloc(64, 15)), true, "a kept row is still there");
    await background.close();
    db.close();
  });

  it("closes cleanly, and refuses checkpoints afterwards", async () => {
    const { path, db } = openWithRows("close.db", 10);
    const background = startBackgroundConnection(path, createWriteLock());
    await background.close();
    await assert.rejects(background.checkpoint("passive"), /closed|stopped/);
    await background.close();
    db.close();
  });
});
