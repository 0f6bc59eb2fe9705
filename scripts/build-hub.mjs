// Builds the hub with `next build` only when its inputs changed since the last build, so
// `npm start` and `npm test` are fast after the first run and never serve a stale build.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const hub = join(root, "hub");
const stampFile = join(hub, ".next", "tawkster-build-hash");
const SKIP = new Set(["node_modules", ".next", ".turbo", "data", ".widget-build"]);

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

/** Runs `next build` for the hub unless the last build came from the same inputs. */
export function ensureHubBuilt() {
  const wanted = inputsHash();
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === wanted) return;
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
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureHubBuilt();
