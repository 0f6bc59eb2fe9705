#!/usr/bin/env node
// `npx tawkster …`: runs the administration CLI (hub/cli/main.ts) under tsx from the repository
// root, whatever directory it was called from, and exits with its exit code.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const result = spawnSync(process.execPath, ["--import", "tsx", "hub/cli/main.ts", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
if (result.error) {
  console.error(`tawkster: could not start the CLI (${result.error.message})`);
  process.exit(1);
}
process.exit(result.status ?? 1);
