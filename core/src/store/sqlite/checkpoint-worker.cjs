// Runs SQLite WAL checkpoints on a connection of its own, on a thread of its own: a checkpoint
// copies pages into the database file and fsyncs it, which on the hub's connection would stall the
// event loop (and every chat waiting on it) for milliseconds. A passive checkpoint never blocks
// writers; a truncating one waits for them here, not on the event loop.
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");

const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
// Under NORMAL a checkpoint syncs the WAL before copying and the database file after.
db.pragma("synchronous = NORMAL");

parentPort.on("message", (request) => {
  if (request.type === "close") {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const mode = request.mode === "truncate" ? "TRUNCATE" : "PASSIVE";
    const [row] = db.pragma(`wal_checkpoint(${mode})`);
    parentPort.postMessage({ id: request.id, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    // The code only: an error's message could quote a path.
    parentPort.postMessage({ id: request.id, error: String(error?.code ?? error?.name ?? "unknown") });
  }
});
