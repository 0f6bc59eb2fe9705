import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createWalSyncer } from "./wal-syncer";

const dir = mkdtempSync(join(tmpdir(), "tawkster-wal-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Opens real files, counting the flushes of the WAL and holding each until released. */
function countingOpen() {
  const counts = { walFlushes: 0, directorySyncs: 0 };
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const hold = () => {
    gate = new Promise((resolve) => {
      release = resolve;
    });
  };
  const openFile = async (path: string, flags: "r"): Promise<FileHandle> => {
    const handle = await open(path, flags);
    const isWal = path.endsWith("-wal");
    return Object.assign(Object.create(handle) as FileHandle, {
      datasync: async () => {
        counts.walFlushes += isWal ? 1 : 0;
        await gate;
        return handle.datasync();
      },
      sync: async () => {
        counts.directorySyncs += isWal ? 0 : 1;
        return handle.sync();
      },
      close: () => handle.close(),
    });
  };
  return { counts, openFile, hold, release: () => release() };
}

/** A syncer over a WAL file that exists, with its flushes counted (and holdable). */
function walWithFrames(name: string) {
  const db = join(dir, name);
  writeFileSync(`${db}-wal`, "frames");
  const io = countingOpen();
  return { io, syncer: createWalSyncer(db, { openFile: io.openFile }) };
}

describe("createWalSyncer", () => {
  it("resolves at once when no WAL exists yet (nothing was committed to it)", async () => {
    const syncer = createWalSyncer(join(dir, "none.db"));
    await syncer.sync();
    await syncer.close();
  });

  it("flushes the WAL, and syncs its directory entry once", async () => {
    const db = join(dir, "one.db");
    writeFileSync(`${db}-wal`, "frames");
    const io = countingOpen();
    const syncer = createWalSyncer(db, { openFile: io.openFile });
    await syncer.sync();
    await syncer.sync();
    assert.deepEqual(io.counts, { walFlushes: 2, directorySyncs: 1 });
    await syncer.close();
  });

  it("shares one flush among every request made while another was on the disk", async () => {
    const db = join(dir, "burst.db");
    writeFileSync(`${db}-wal`, "frames");
    const io = countingOpen();
    const syncer = createWalSyncer(db, { openFile: io.openFile });
    await syncer.sync();
    io.hold();
    const first = syncer.sync();
    await new Promise((resolve) => setTimeout(resolve, 10));
    let settled = 0;
    const burst = Array.from({ length: 20 }, () => syncer.sync().then(() => settled++));
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Requests made after the held flush started must wait for the next one, not ride on it.
    assert.equal(settled, 0);
    io.release();
    await first;
    io.release();
    await Promise.all(burst);
    assert.equal(settled, 20);
    assert.equal(io.counts.walFlushes, 3, "one initial, the held one, and one shared by the burst");
    await syncer.close();
  });

  it("lets background work ride on the next chat's flush instead of adding one of its own", async () => {
    const { io, syncer } = walWithFrames("ride.db");
    await syncer.sync();
    let isDurable = false;
    const shared = syncer.syncShared(60_000).then(() => {
      isDurable = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Not durable yet, and no flush was started for it.
    assert.equal(isDurable, false);
    assert.equal(io.counts.walFlushes, 1);
    await syncer.sync();
    await shared;
    assert.equal(io.counts.walFlushes, 2, "the chat's flush covered the background write");
    await syncer.close();
  });

  it("never lets a background write ride on a flush that started before it asked", async () => {
    const { io, syncer } = walWithFrames("ride-late.db");
    await syncer.sync();
    io.hold();
    const inFlight = syncer.sync();
    await new Promise((resolve) => setTimeout(resolve, 10));
    let isDurable = false;
    const shared = syncer.syncShared(60_000).then(() => {
      isDurable = true;
    });
    io.release();
    await inFlight;
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(isDurable, false, "its frames may postdate the flush that was already on the disk");
    await syncer.sync();
    await shared;
    assert.equal(io.counts.walFlushes, 3);
    await syncer.close();
  });

  it("flushes background work by itself when no chat's flush comes within the wait", async () => {
    const { io, syncer } = walWithFrames("ride-alone.db");
    await syncer.sync();
    await syncer.syncShared(30);
    assert.equal(io.counts.walFlushes, 2);
    await syncer.close();
  });

  it("flushes background work at once when no chat asked for a flush lately (an idle hub)", async () => {
    const { io, syncer } = walWithFrames("ride-idle.db");
    // A one-minute wait would time the test out if it were waited for.
    await syncer.syncShared(60_000);
    assert.equal(io.counts.walFlushes, 1);
    await syncer.close();
  });

  it("does nothing for an in-memory database", async () => {
    const syncer = createWalSyncer(":memory:", { isMemory: true });
    await syncer.sync();
    await syncer.syncShared(60_000);
    await syncer.close();
  });
});
