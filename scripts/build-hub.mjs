// Builds the hub with `next build` only when its inputs changed since the last build, so
// `npm start` and `npm test` are fast after the first run and never serve a stale build.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const hub = join(root, "hub");
const stampFile = join(hub, ".next", "tawkster-build-hash");
const SKIP = new Set(["node_modules", ".next", ".next-build-lock", ".turbo", "data", ".widget-build"]);

function hashTree(dir, hash) {
  for (const name of readdirSync(dir).sort()) {
    if (SKIP.has(name) || /\.test\.ts$/.test(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashTree(path, hash);
    else hash.update(path).update(readFileSync(path));
  }
}

function inputsHash() {
  const hash = createHash("sha256");
  hashTree(hub, hash);
  hashTree(join(root, "core", "src"), hash);
  hash.update(readFileSync(join(root, "package-lock.json")));
  return hash.digest("hex");
}

const lockDir = join(hub, ".next-build-lock");
const STALE_LOCK_MS = 10 * 60_000;

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes an exclusive build lock (a directory: creating one is atomic). Several test files or a
 * developer's `npm start` may ask for a build at once, and two `next build` runs in one .next fail.
 */
function withBuildLock(fn) {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const age = Date.now() - statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      else sleep(500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Runs `next build` for the hub unless the last build came from the same inputs. */
export function ensureHubBuilt() {
  const isCurrent = (wanted) => existsSync(stampFile) && readFileSync(stampFile, "utf8") === wanted;
  if (isCurrent(inputsHash())) return;
  withBuildLock(() => {
    // Whoever held the lock may just have built these very inputs.
    const wanted = inputsHash();
    if (isCurrent(wanted)) return;
    console.log("Building the hub (next build)…");
    const result = spawnSync(
      process.execPath,
      [join(root, "node_modules", "next", "dist", "bin", "next"), "build"],
      {
        cwd: hub,
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      },
    );
    if (result.status !== 0) throw new Error("next build failed");
    writeFileSync(stampFile, wanted);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureHubBuilt();
