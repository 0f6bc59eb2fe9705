// The `tawkster` command (scripts/tawkster.mjs runs `node --import tsx hub/cli/main.ts …` from the
// repository root): administration from a shell, on the same configuration and store as the hub.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./run-cli";

// Relative TAWKSTER_DATA_DIR means the same directory for the CLI as for the hub (server.ts).
const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

runCli(process.argv.slice(2), {
  cwd: repoRoot,
  stdin: process.stdin,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  warn: (text) => process.stderr.write(`${text}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.stderr.write("tawkster: unexpected failure\n");
    process.exitCode = 1;
  },
);
