#!/usr/bin/env node
// `npm start`: builds the hub and the widget if their sources changed since the last build, then
// runs the hub server from the repository root (so TAWKSTER_DATA_DIR=./data means <repo>/data),
// passing signals through and exiting with the server's exit code.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";
import { ensureHubBuilt } from "./build-hub.mjs";
import { buildWidget } from "./build-widget.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

try {
  ensureHubBuilt();
  // The widget's bundles (served as /widget.js and /widget/frame.*), rebuilt when their sources changed.
  buildWidget();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const child = spawn(process.execPath, ["--import", "tsx", "hub/server.ts"], {
  cwd: root,
  stdio: "inherit",
  // `npm start` always runs the production build; telemetry stays off.
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.on("error", (error) => {
  console.error(`Could not start the hub: ${error.message}`);
  process.exit(1);
});

child.on("exit", (code, signal) => {
  process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1));
});
