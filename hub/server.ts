// The hub process: `node --import tsx hub/server.ts` (what `npm start` runs). Order matters:
// the configuration is validated before anything is written or Next is even loaded, so a wrong
// variable stops start-up at once with one line naming it.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, resolveMasterKey } from "@tawkster/core/config";
import { isAppError } from "@tawkster/core/errors";
import { createHub } from "./lib/hub-context";
import { setHubRuntime } from "./lib/runtime";
import { startHubServers, type THubServers } from "./lib/servers";

const hubDir = dirname(fileURLToPath(import.meta.url));
// Relative paths (TAWKSTER_DATA_DIR=./data) mean the same directory however the hub is launched.
const repoRoot = dirname(hubDir);

/** A hard stop if a graceful shutdown hangs. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig(undefined, { cwd: repoRoot });
  const masterKeys = resolveMasterKey(config, { log: (message) => console.error(message) });
  const hub = await createHub(config, masterKeys);
  setHubRuntime({ config, masterKeys, hub });

  let servers: THubServers | undefined;
  let isStopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A terminal's Ctrl-C reaches both `npm start` and this process: one shutdown is enough.
    if (isStopping) return;
    isStopping = true;
    console.log(`Received ${signal}; shutting down…`);
    setTimeout(() => {
      console.error(`Shutdown took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting.`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    (servers?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Shutdown failed:", error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  servers = await startHubServers({ config, hubDir, hub });
  if (isStopping) {
    await servers.close();
    return;
  }
  console.log(`Tawkster hub listening on ${servers.hubUrl} (storage: ${config.database.kind})`);
  console.log(`Demo site on ${servers.demoUrl}`);
  if (servers.demo.status === "needs-setup") {
    console.log(
      `First: open ${servers.hubUrl}/setup to create your workspace and admin account; then the demo site shows the chat widget.`,
    );
  } else {
    console.log(
      `Try it: chat as a visitor on ${servers.demoUrl} and answer as an agent in the console at ${servers.hubUrl}.`,
    );
  }
  if (config.publicUrl !== null) console.log(`Public URL: ${config.publicUrl}`);
}

main().catch((error: unknown) => {
  if (isAppError(error) && error.code === "config.invalid") {
    console.error(error.message);
  } else {
    console.error("The hub failed to start:", error);
  }
  process.exit(1);
});
