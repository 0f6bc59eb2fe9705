import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  acquireJobLease,
  RETENTION_JOB,
  releaseJobLease,
  type TRetentionRun,
} from "@tawkster/core/lifecycle";
import { putPolicy } from "@tawkster/core/workspace";
import { createTestWorkspace, type TTestWorkspace } from "../api/routes/test-workspace";
import { authDepsOf } from "../lib/auth/auth-deps";
import { daysAgo, seedVisitorChats } from "../lib/lifecycle/test-seed";
import { startRetentionJob, type TRetentionJob } from "./retention-job";

/** A log that keeps its lines, to check they carry counts and nothing else. */
function recordingLog() {
  const lines: string[] = [];
  return {
    lines,
    log: { info: (line: string) => lines.push(line), error: (line: string) => lines.push(line) },
  };
}

/** Resolves with the next run the job reports. */
function nextRun(): {
  onRun: (run: TRetentionRun | null) => void;
  runs: (TRetentionRun | null)[];
  wait: () => Promise<void>;
} {
  const runs: (TRetentionRun | null)[] = [];
  let waiting: (() => void) | null = null;
  return {
    runs,
    onRun: (run) => {
      runs.push(run);
      waiting?.();
    },
    wait: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
      }),
  };
}

describe("the scheduled retention job", () => {
  let ws: TTestWorkspace;
  let oldIds: string[];
  let recentIds: string[];
  const jobs: TRetentionJob[] = [];
  // The job's timers are unref'd (they must not keep a hub alive); this keeps the test's loop alive.
  const keepAlive = setInterval(() => {}, 1_000);
  before(async () => {
    ws = await createTestWorkspace();
    const seed = (at: Date, bodies: string[][]) =>
      seedVisitorChats(ws.hub, {
        workspaceId: ws.workspaceId,
        siteId: ws.siteId,
        departmentId: ws.general.id,
        at,
        conversations: bodies,
      });
    oldIds = (await seed(daysAgo(20), [["secret old words"], ["more old words"]])).conversationIds;
    recentIds = (await seed(daysAgo(1), [["fresh words"]])).conversationIds;
    await putPolicy(
      authDepsOf(ws.hub),
      ws.admin.actor,
      { type: "workspace" },
      {
        twoFactor: { requiredRoles: [] },
        retention: { conversationDays: 10 },
      },
    );
  });
  after(async () => {
    await Promise.all(jobs.map((job) => job.stop()));
    clearInterval(keepAlive);
    await ws.dispose();
  });

  it("runs shortly after start, purges what is due, and logs counts only", async () => {
    const { lines, log } = recordingLog();
    const watcher = nextRun();
    const ran = watcher.wait();
    const job = startRetentionJob({
      deps: ws.hub,
      intervalMs: 3_600_000,
      firstRunDelayMs: 10,
      log,
      onRun: watcher.onRun,
    });
    jobs.push(job);
    await ran;
    await job.stop();
    const scope = ws.hub.store.scoped(ws.workspaceId);
    for (const id of oldIds) assert.equal(await scope.conversations.get(id), null);
    for (const id of recentIds) assert.ok(await scope.conversations.get(id));
    assert.equal(watcher.runs.length, 1, "one run, the next one an hour away");
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? "",
      /^retention: completed in \d+ ms over 1 workspace\(s\): deleted 2 conversations, 0 visitors, 2 messages, 0 audit events$/,
    );
    for (const id of [...oldIds, ws.workspaceId]) assert.ok(!lines[0]?.includes(id), "no ids in the log");
  });

  it("skips while another instance holds the lease, and purges on a later run", async () => {
    const other = { job: RETENTION_JOB, owner: "another-instance", ttlMs: 60_000 };
    assert.ok(await acquireJobLease(ws.hub.store, { ...other, now: new Date() }));
    const { lines, log } = recordingLog();
    const watcher = nextRun();
    let ran = watcher.wait();
    const job = startRetentionJob({
      deps: ws.hub,
      intervalMs: 20,
      firstRunDelayMs: 10,
      log,
      onRun: watcher.onRun,
    });
    jobs.push(job);
    await ran;
    assert.equal(watcher.runs[0]?.status, "skipped");
    assert.equal(lines[0], "retention: skipped (another hub instance is purging)");
    ran = watcher.wait();
    await releaseJobLease(ws.hub.store, { job: RETENTION_JOB, owner: "another-instance", now: new Date() });
    await ran;
    assert.equal(watcher.runs[1]?.status, "completed");
    await job.stop();
  });

  it("never overlaps its own runs and stops cleanly: the run in progress finishes, none starts after stop()", async () => {
    let markStarted = () => {};
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    // A store whose workspace list (the first thing a run reads) takes 50 ms, so stop() lands mid-run.
    const store = new Proxy(ws.hub.store, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (prop !== "workspaces") return typeof value === "function" ? value.bind(target) : value;
        const repo = value as typeof target.workspaces;
        return {
          get: repo.get.bind(repo),
          create: repo.create.bind(repo),
          list: async () => {
            markStarted();
            await new Promise((resolve) => setTimeout(resolve, 50));
            return repo.list();
          },
        };
      },
    });
    const watcher = nextRun();
    const job = startRetentionJob({
      deps: { ...authDepsOf(ws.hub), store },
      intervalMs: 1,
      firstRunDelayMs: 1,
      log: recordingLog().log,
      onRun: watcher.onRun,
    });
    jobs.push(job);
    await started;
    await job.stop();
    assert.equal(watcher.runs.length, 1, "stop() waited for the run in progress");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(watcher.runs.length, 1, "no run after stop()");
    // A second run of this process overlapping the first would have found the lease taken.
    assert.equal(watcher.runs[0]?.status, "completed");
  });
});
