import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { startBackgroundCheckpointer } from "./background-checkpointer";
import { openSqliteDatabase } from "./sqlite-driver";

const dir = mkdtempSync(join(tmpdir(), "tawkster-checkpoint-"));
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

describe("startBackgroundCheckpointer", () => {
  it("folds the WAL into the database on its own thread, and a truncating checkpoint empties the log", async () => {
    const { path, db } = openWithRows("fold.db", 500);
    const checkpointer = startBackgroundCheckpointer(path);
    const passive = await checkpointer.checkpoint("passive");
    assert.equal(passive.busy, 0);
    assert.ok(passive.log > 0, "the inserts were still in the log");
    assert.equal(passive.checkpointed, passive.log);
    assert.ok(statSync(path).size > 500 * 2000, "the rows reached the database file");
    const truncated = await checkpointer.checkpoint("truncate");
    assert.equal(truncated.busy, 0);
    assert.equal(statSync(`${path}-wal`).size, 0);
    await checkpointer.close();
    db.close();
  });

  it("after a nudge, checkpoints by itself what was committed meanwhile", async () => {
    const { path, db } = openWithRows("nudge.db", 200);
    const checkpointer = startBackgroundCheckpointer(path, { intervalMs: 5 });
    checkpointer.nudge();
    let folded = false;
    for (let i = 0; i < 200 && !folded; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      folded = statSync(path).size > 200 * 2000;
    }
    assert.ok(folded, "the database file received the committed pages");
    await checkpointer.close();
    db.close();
  });

  it("closes cleanly, and refuses checkpoints afterwards", async () => {
    const { path, db } = openWithRows("close.db", 10);
    const checkpointer = startBackgroundCheckpointer(path);
    await checkpointer.close();
    await assert.rejects(checkpointer.checkpoint("passive"), /closed|stopped/);
    await checkpointer.close();
    db.close();
  });
});
