// Send-path bench: what an enabled AsyncLocalStorage costs core's sendMessage. Next.js keeps one
// enabled in the hub process for its request context; from then on Node 20 runs async hooks for
// every promise the process creates, the chat's send path included. Blocks of sends alternate
// between ALS off and ALS on (enabled with enterWith, turned off with disable), on one real SQLite
// file, 100 conversations sending at once (so commits are shared, as in the hub at ×100; --lanes N).
// Also prints how many promises one send creates: a size, the figure the overhead scales with.
//   node --import tsx test/bench/send-path.ts [--lanes 100] [--smoke] [--rows-out FILE]
import { AsyncLocalStorage, createHook } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryBus } from "@tawkster/core/bus";
import { sendMessage, startConversation, type TChatDeps } from "@tawkster/core/chat";
import { createKeyring, createVault } from "@tawkster/core/crypto";
import type { TVisitorActor } from "@tawkster/core/rbac";
import { openSqliteStore } from "@tawkster/core/store/sqlite";
import { newWidgetVisitor, seedBenchWorkspace } from "./lib/hub-fixture";
import { readCpuTime } from "./lib/probe";
import { runBenchMain } from "./lib/proc";
import { reportRows } from "./lib/report";
import { argIntegers, fmt, fmtRatio, hasFlag } from "./lib/stats";

const isSmoke = hasFlag("--smoke");
const [LANES = 100] = argIntegers("--lanes", [isSmoke ? 3 : 100]);
const PER_LANE = 10;
const ROUNDS = isSmoke ? 1 : 8;
const BODY = "the parcel has not arrived yet, could you check where it is please? order 4471";

type TLane = { actor: TVisitorActor; conversationId: string };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-bench-send-path-"));
  const store = await openSqliteStore(join(dir, "tawkster.db"));
  const vault = createVault({ keyring: createKeyring(randomBytes(32)), keys: store.keys });
  const deps: TChatDeps = { store, vault, bus: createMemoryBus() };
  try {
    const { site } = await seedBenchWorkspace(deps);
    const lanes: TLane[] = [];
    for (let i = 0; i < LANES; i++) {
      const actor = await newWidgetVisitor(deps, site);
      lanes.push({ actor, conversationId: (await startConversation(deps, actor)).id });
    }
    let sent = 0;
    const block = async (): Promise<{ mainMs: number; messages: number }> => {
      const before = readCpuTime(process.pid);
      await Promise.all(
        lanes.map(async ({ actor, conversationId }) => {
          for (let i = 0; i < PER_LANE; i++) {
            await sendMessage(deps, actor, {
              conversationId,
              body: BODY,
              clientMessageId: `bench-${(sent++).toString(36)}`,
            });
          }
        }),
      );
      return {
        mainMs: readCpuTime(process.pid).mainThreadMs - before.mainThreadMs,
        messages: LANES * PER_LANE,
      };
    };
    const als = new AsyncLocalStorage<{ request: number }>();
    const withAls = async () => {
      als.enterWith({ request: 1 });
      try {
        return await block();
      } finally {
        als.disable();
      }
    };

    await block(); // warm-up: JIT, key caches, statement cache
    const off = { mainMs: 0, messages: 0 };
    const on = { mainMs: 0, messages: 0 };
    const add = (total: typeof off, part: { mainMs: number; messages: number }) => {
      total.mainMs += part.mainMs;
      total.messages += part.messages;
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating which goes first cancels order effects (a checkpoint, a warm cache).
      if (round % 2 === 0) {
        add(off, await block());
        add(on, await withAls());
      } else {
        add(on, await withAls());
        add(off, await block());
      }
    }

    // A size: promises created by one send (each pays the hooks while an ALS is enabled).
    let promises = 0;
    const counter = createHook({
      init(_id, type) {
        if (type === "PROMISE") promises++;
      },
    });
    const [first] = lanes;
    if (first === undefined) throw new Error("no lane");
    const COUNTED = 50;
    counter.enable();
    for (let i = 0; i < COUNTED; i++) {
      await sendMessage(deps, first.actor, { conversationId: first.conversationId, body: BODY });
    }
    counter.disable();
    const promisesPerSend = promises / COUNTED;

    const offUs = (off.mainMs * 1000) / off.messages;
    const onUs = (on.mainMs * 1000) / on.messages;
    const ratio = onUs / offUs;
    reportRows([
      {
        name: "send path under an ALS",
        figure: `ALS on: ${fmt(onUs)} µs CPU/msg`,
        baseline: `ALS off: ${fmt(offUs)} µs CPU/msg`,
        ratio: fmtRatio(ratio),
        target: "— (the price of Next's request context)",
        met: null,
        reproduce: `node --import tsx test/bench/send-path.ts --lanes ${LANES}${isSmoke ? " --smoke" : ""}`,
        values: {
          lanes: LANES,
          messages: on.messages + off.messages,
          alsOnMainThreadUsPerMessage: onUs,
          alsOffMainThreadUsPerMessage: offUs,
          ratio,
          promisesPerSend,
        },
        note: `core's sendMessage, main-thread CPU; one send creates ${fmt(promisesPerSend, 1)} promises`,
      },
    ]);
  } finally {
    await deps.bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchMain(main);
