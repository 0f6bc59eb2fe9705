// The background connection: a thread with a SQLite connection of its own, for the work that must
// never run on the hub's event loop.
// - Checkpoints copy pages into the database file and fsync it. A passive one never blocks
//   writers; a truncating one takes the write lock (write-lock.ts) and waits for readers here.
// - Bulk writes (a purge's deletes) run as one short transaction each, under the write lock, so
//   their statements cost the event loop nothing and a chat's commit waits for them only
//   asynchronously. The caller makes each batch durable with its own WAL flush afterwards.
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const { openBackgroundLock } = require("./write-lock-background.cjs");

const { withLock } = openBackgroundLock(workerData.lockBuffer);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
// Under NORMAL a checkpoint syncs the WAL before copying and the database file after.
db.pragma("synchronous = NORMAL");
// Per connection, like on the hub's: what this connection deletes is overwritten with zeros too.
db.pragma("secure_delete = ON");
db.pragma("foreign_keys = ON");
db.pragma("wal_autocheckpoint = 0");

const statements = new Map();
function prepare(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

function bind(params) {
  return (params ?? []).map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p));
}

function checkpoint(mode) {
  const run = () => db.pragma(`wal_checkpoint(${mode === "truncate" ? "TRUNCATE" : "PASSIVE"})`)[0];
  const row = mode === "truncate" ? withLock(run) : run();
  return { busy: row.busy, log: row.log, checkpointed: row.checkpointed };
}

function writeBatch(batch) {
  return withLock(() => {
    db.exec("BEGIN IMMEDIATE");
    try {
      const changes = batch.map((s) => prepare(s.sql).run(...bind(s.params)).changes);
      db.exec("COMMIT");
      return { changes };
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
  });
}

parentPort.on("message", (request) => {
  if (request.type === "close") {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const reply = request.type === "write" ? writeBatch(request.statements) : checkpoint(request.mode);
    parentPort.postMessage({ id: request.id, ...reply });
  } catch (error) {
    // The code only: an error's message could quote a path or a value.
    parentPort.postMessage({ id: request.id, error: String(error?.code ?? error?.name ?? "unknown") });
  }
});
