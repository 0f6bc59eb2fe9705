// Preloaded into the hub (NODE_OPTIONS=--require, since --cpu-prof is not allowed there) by the
// benches' --cpu-prof-dir option: profiles the hub server process (not scripts/start.mjs) and
// writes a .cpuprofile into BENCH_HUB_CPU_PROF_DIR when it exits. Open it in Chrome DevTools.
const { Session } = require("node:inspector");
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const dir = process.env.BENCH_HUB_CPU_PROF_DIR;
if (dir && process.argv.some((arg) => arg.endsWith("hub/server.ts"))) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  process.on("exit", () => {
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `hub-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
