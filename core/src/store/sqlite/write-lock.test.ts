import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { createWriteLock, WRITE_LOCK } from "./write-lock";

const backgroundLock = new URL("./write-lock-background.cjs", import.meta.url).pathname;

/** A thread that takes the lock through the background side, holds it `holdMs`, then releases it (or dies holding it). */
function holdInBackground(buffer: SharedArrayBuffer, holdMs: number, dies = false) {
  const log = new SharedArrayBuffer(4);
  const worker = new Worker(
    `const { workerData, parentPort } = require("node:worker_threads");
     const lock = require(workerData.backgroundLock).openBackgroundLock(workerData.buffer);
     lock.acquire();
     Atomics.store(new Int32Array(workerData.log), 0, 1);
     parentPort.postMessage("held");
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     if (workerData.dies) process.exit(1);
     lock.release();
     parentPort.postMessage("released");`,
    { eval: true, workerData: { buffer, holdMs, dies, backgroundLock, log } },
  );
  const hasHeld = () => Atomics.load(new Int32Array(log), 0) === 1;
  const held = new Promise<void>((resolve) => worker.once("message", () => resolve()));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return { held, exited, hasHeld };
}

const state = (buffer: SharedArrayBuffer) => Atomics.load(new Int32Array(buffer), 0);

describe("createWriteLock", () => {
  it("is taken at once when free and can be taken again after release", async () => {
    const lock = createWriteLock();
    await lock.acquire();
    assert.equal(state(lock.buffer), WRITE_LOCK.EVENT_LOOP);
    lock.release();
    assert.equal(state(lock.buffer), WRITE_LOCK.FREE);
    await lock.acquire();
    lock.release();
  });

  it("waits for a background holder without blocking the event loop", async () => {
    const lock = createWriteLock();
    const background = holdInBackground(lock.buffer, 300);
    await background.held;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await lock.acquire();
    clearInterval(ticker);
    assert.equal(
      state(lock.buffer),
      WRITE_LOCK.EVENT_LOOP,
      "held by the event loop once the background released it",
    );
    assert.ok(ticks >= 3, `timers kept firing while the event loop waited (${ticks} ticks)`);
    lock.release();
    await background.exited;
  });

  it("lets event-loop writers that are waiting go before the background takes it again", async () => {
    const lock = createWriteLock();
    const first = holdInBackground(lock.buffer, 200);
    await first.held;
    const waiting = lock.acquire();
    const second = holdInBackground(lock.buffer, 10);
    // Busy, as an event loop under load is: the first holder releases meanwhile, and the second
    // one, already waiting, must leave the lock to the event loop's writer that asked before.
    const busyUntil = performance.now() + 400;
    while (performance.now() < busyUntil);
    await waiting;
    assert.equal(second.hasHeld(), false, "the background writer did not take it ahead of the event loop");
    lock.release();
    await second.held;
    await Promise.all([first.exited, second.exited]);
  });

  it("frees a lock whose background holder died, once told so", async () => {
    const lock = createWriteLock();
    const background = holdInBackground(lock.buffer, 0, true);
    await background.held;
    await background.exited;
    assert.equal(state(lock.buffer), WRITE_LOCK.BACKGROUND);
    lock.releaseAbandoned();
    await lock.acquire();
    assert.equal(state(lock.buffer), WRITE_LOCK.EVENT_LOOP);
    lock.releaseAbandoned();
    assert.equal(
      state(lock.buffer),
      WRITE_LOCK.EVENT_LOOP,
      "an event-loop holder is never released as abandoned",
    );
    lock.release();
  });
});
