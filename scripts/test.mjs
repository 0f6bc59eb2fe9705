#!/usr/bin/env node
// The one test command (`npm test`): typechecks every workspace, installs the system packages the
// suites need (idempotently), builds the hub once if its sources changed, then runs every test
// file in one node:test run so the output ends with a single summary. `--only <dir>` limits the
// run to one workspace (and skips the typecheck).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureHubBuilt } from "./build-hub.mjs";
import { buildWidget } from "./build-widget.mjs";
import { ensureSystemPackages } from "./system-packages.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const roots = ["core", "hub", "plugins", "test"].filter((dir) => !only || only.startsWith(dir));

const SKIP_DIRS = new Set(["node_modules", ".next", ".turbo", "data", "dist"]);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (/\.(test|spec)\.ts$/.test(name)) out.push(path);
  }
  return out;
}

const files = roots
  .flatMap((dir) => collect(join(root, dir), []))
  .filter((file) => !only || relative(root, file).startsWith(only))
  .sort();

if (files.length === 0) {
  console.error("No test files found.");
  process.exit(1);
}

// The whole suite typechecks every workspace first (about 15 s): a type error in a file no test
// imports (a bench, a script) would otherwise reach main unseen.
if (!only) {
  const typecheck = spawnSync("npx", ["turbo", "run", "typecheck", "--output-logs=errors-only"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
  if (typecheck.status !== 0) {
    console.error("Typecheck failed (npm run typecheck); no test was run.");
    process.exit(typecheck.status ?? 1);
  }
}

const needsBrowser = files.some((file) => file.includes(`${join("test", "e2e")}`));
ensureSystemPackages({ browser: needsBrowser });
if (files.some((file) => relative(root, file).startsWith("test"))) {
  ensureHubBuilt();
  buildWidget();
}

const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    `--test-concurrency=${process.env.TAWKSTER_TEST_CONCURRENCY ?? "2"}`,
    ...files.map((file) => relative(root, file)),
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
process.exit(result.status ?? 1);
