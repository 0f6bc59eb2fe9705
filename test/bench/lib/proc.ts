// Process helpers: memory of another process from /proc, the hub server's pid, and TypeScript
// children (the bare relay, the connection clients) that announce themselves on stdout.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../e2e/fixtures/spawn-hub";

/** Resident set size of a process in bytes (VmRSS of /proc/<pid>/status). */
export function readRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * The pid of the hub server listening on `port`: the `hub/server.ts` process (started by
 * scripts/start.mjs, itself started by spawnHub) whose environment names that port.
 */
export function findHubServerPid(port: number): number {
  const wanted = `TAWKSTER_PORT=${port}`;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(join("/proc", entry, "cmdline"), "utf8");
      if (!cmdline.includes("hub/server.ts")) continue;
      const environ = readFileSync(join("/proc", entry, "environ"), "utf8").split("\0");
      if (environ.includes(wanted)) return Number(entry);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  throw new Error(`no hub server process found for port ${port}`);
}

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/**
 * Turns SIGINT and SIGTERM into a normal exit, so that the 'exit' handlers run: they kill this
 * module's children and (spawn-hub.ts's) the hub's process group.
 */
export function exitOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
}

/**
 * Runs a bench script's `main` and exits with its code (0 when it returns nothing), or with 1 after
 * printing the error's stack: a failed bench must fail the run that started it.
 */
export function runBenchMain(main: () => Promise<unknown>): void {
  main().then(
    (code) => process.exit(typeof code === "number" ? code : 0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}

/** A child process that prints `READY <json>` once it is set up, then waits to be told more. */
export type TAnnouncedChild = {
  child: ChildProcess;
  /** The JSON after the first `READY `. */
  ready: Promise<unknown>;
  /** Resolves with the JSON of the next `<word> <json>` line the child prints. */
  next(word: string): Promise<unknown>;
  send(line: string): void;
  stderr(): string;
  stop(): Promise<void>;
};

/**
 * Starts `node --import tsx <script> ...args` from the repository root with `ulimit -n` raised to
 * its hard limit (the children hold thousands of sockets), reading its `WORD {json}` lines.
 */
export function startAnnouncedChild(
  script: string,
  args: readonly string[],
  env: Record<string, string> = {},
): TAnnouncedChild {
  const child = spawn(
    "/bin/sh",
    [
      "-c",
      'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"',
      process.execPath,
      "--import",
      "tsx",
      script,
      ...args,
    ],
    { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env } },
  );
  children.add(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const waiters: { word: string; resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  let buffer = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      const space = line.indexOf(" ");
      const word = space < 0 ? line : line.slice(0, space);
      const at = waiters.findIndex((w) => w.word === word);
      if (at < 0) continue;
      const [waiter] = waiters.splice(at, 1);
      try {
        waiter?.resolve(JSON.parse(line.slice(space + 1) || "null"));
      } catch (error) {
        waiter?.reject(error as Error);
      }
    }
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      children.delete(child);
      resolve();
    }),
  );
  void exited.then(() => {
    for (const waiter of waiters.splice(0)) {
      waiter.reject(new Error(`${script} exited before "${waiter.word}"; stderr:\n${stderr.slice(-4000)}`));
    }
  });
  const next = (word: string) =>
    new Promise<unknown>((resolve, reject) => waiters.push({ word, resolve, reject }));
  return {
    child,
    ready: next("READY"),
    next,
    send: (line) => child.stdin?.write(`${line}\n`),
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
