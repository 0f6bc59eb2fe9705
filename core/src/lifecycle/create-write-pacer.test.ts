import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Store } from "../store/port";
import { createWritePacer } from "./create-write-pacer";
import type { TLifecycleDeps } from "./deps";

/** Deps whose store only counts ride time and checkpoints: all the pacer touches. */
function fakeDeps() {
  const state = { rideMs: 0, checkpoints: 0 };
  const store = {
    backgroundRideMs: () => state.rideMs,
    compact: async () => {
      state.checkpoints++;
      return { isCheckpointed: true, freePages: null, totalPages: null };
    },
  } as unknown as Store;
  return { state, deps: { store } as unknown as TLifecycleDeps };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createWritePacer", () => {
  it("rests after a step in proportion to its duration, to the duty cycle", async () => {
    const { deps } = fakeDeps();
    const rests: number[] = [];
    const paced = createWritePacer(deps, { dutyCycle: 0.25, rest: async (ms) => void rests.push(ms) });
    assert.equal(await paced(() => wait(40).then(() => "done")), "done");
    const [rest = 0] = rests;
    // 40 ms of work at a quarter of the time: three times as long at rest.
    assert.ok(rest >= 3 * 40 && rest < 3 * 40 * 4, `rested ${rest} ms`);
  });

  it("does not count waiting to share a chat's flush as the job's time", async () => {
    const { deps, state } = fakeDeps();
    const rests: number[] = [];
    const paced = createWritePacer(deps, { dutyCycle: 0.5, rest: async (ms) => void rests.push(ms) });
    await paced(async () => {
      // The whole step was the wait for a chat's flush: the chat had the database meanwhile.
      const start = performance.now();
      await wait(60);
      state.rideMs += performance.now() - start;
    });
    await paced(() => wait(60));
    // Under 1 ms the pacer only yields a turn of the event loop and asks for no rest.
    const afterRide = rests.length === 2 ? (rests[0] ?? 0) : 0;
    const afterWork = rests[rests.length - 1] ?? 0;
    assert.ok(afterRide < 10, `rested ${afterRide} ms after a step that only waited for a chat's flush`);
    assert.ok(afterWork >= 60, `rested ${afterWork} ms after 60 ms of work at duty 0.5`);
  });

  it("waits for a passive checkpoint every 100 steps, not more often", async () => {
    const { deps, state } = fakeDeps();
    const paced = createWritePacer(deps, { dutyCycle: 1 });
    for (let i = 0; i < 250; i++) await paced(async () => i);
    assert.equal(state.checkpoints, 2);
  });

  it("stops before a step when beforeStep throws (a lost lease), running nothing", async () => {
    const { deps } = fakeDeps();
    let ran = 0;
    const paced = createWritePacer(deps, {
      dutyCycle: 1,
      beforeStep: async () => {
        throw new Error("lease lost");
      },
    });
    await assert.rejects(
      paced(async () => ran++),
      /lease lost/,
    );
    assert.equal(ran, 0);
  });
});
