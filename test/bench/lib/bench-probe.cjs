// Preloaded (NODE_OPTIONS=--require) into the process a bench measures — the hub server, or the
// bare relay — when BENCH_PROBE_DIR is set, and active only in the process whose argv ends with
// BENCH_PROBE_SCRIPT (so not in scripts/start.mjs in front of the hub). Signals drive it:
//   SIGUSR2   first starts the V8 CPU profiler, the next stops it and writes
//             <dir>/cpu-<pid>-<n>.cpuprofile (open in Chrome DevTools), and so on
//             (--cpu-prof is not allowed in NODE_OPTIONS, hence this);
//   SIGWINCH  runs a full garbage collection, then writes <dir>/memory-<pid>-<n>.json with
//             process.memoryUsage(), so a memory figure does not count garbage.
const { Session } = require("node:inspector");
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { setFlagsFromString } = require("node:v8");
const { runInNewContext } = require("node:vm");

const dir = process.env.BENCH_PROBE_DIR;
const script = process.env.BENCH_PROBE_SCRIPT;
if (dir && script && process.argv.some((arg) => arg.endsWith(script))) {
  mkdirSync(dir, { recursive: true });
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");

  let session = null;
  let profiles = 0;
  const stopProfile = () => {
    const running = session;
    session = null;
    running.post("Profiler.stop", (error, result) => {
      if (!error && result) {
        writeFileSync(
          join(dir, `cpu-${process.pid}-${++profiles}.cpuprofile`),
          JSON.stringify(result.profile),
        );
      }
      running.disconnect();
    });
  };
  process.on("SIGUSR2", () => {
    if (session !== null) {
      stopProfile();
      return;
    }
    session = new Session();
    session.connect();
    session.post("Profiler.enable");
    session.post("Profiler.setSamplingInterval", { interval: 200 });
    session.post("Profiler.start");
  });
  process.on("exit", () => {
    if (session !== null) stopProfile();
  });

  let reports = 0;
  process.on("SIGWINCH", () => {
    gc();
    const report = `memory-${process.pid}-${++reports}.json`;
    writeFileSync(join(dir, report), JSON.stringify(process.memoryUsage()));
  });
}
