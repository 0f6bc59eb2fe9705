import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { SqlDriver, SqlExecutor, TSqlStatement, TSqlValue } from "../sql/driver";
import { startBackgroundConnection } from "./background-connection";
import { createWalSyncer } from "./wal-syncer";
import { createWriteLock } from "./write-lock";

type Statement = Database.Statement<unknown[]>;

function bind(params: TSqlValue[] = []): unknown[] {
  // better-sqlite3 binds blobs only as Buffer; wrapping shares memory instead of copying.
  return params.map((p) =>
    p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p,
  );
}

/** How long a background write waits to share a chat's WAL flush before it flushes by itself. */
const BACKGROUND_RIDE_MS = 10;

/** Opens (creating with mode 0600 if needed) a SQLite file tuned for durable, secure storage. */
export function openSqliteDatabase(path: string): Database.Database {
  if (path !== ":memory:" && !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, "a", 0o600));
  }
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  // NORMAL: COMMIT writes the WAL without waiting for the disk; the driver then flushes the WAL on
  // libuv's thread pool (see wal-syncer.ts) before acknowledging anything, so a write is still
  // acknowledged only once it survives a power cut, but the event loop never waits for an fsync.
  db.pragma("synchronous = NORMAL");
  // Deleted rows are overwritten with zeros, so erased or purged text does not linger in free pages.
  db.pragma("secure_delete = ON");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

/** The SqlDriver over better-sqlite3: synchronous underneath, serialized around transactions. */
export function createSqliteDriver(db: Database.Database): SqlDriver & { readonly raw: Database.Database } {
  const statements = new Map<string, Statement>();
  const wal = createWalSyncer(db.name, { isMemory: db.memory });
  // Checkpoints (they copy pages and fsync the file) and bulk background writes run on a second
  // connection on a thread of its own, never inside a commit or on the event loop. Both
  // connections write only under one lock, which the event loop waits for without blocking.
  const lock = db.memory ? null : createWriteLock();
  const background = lock === null ? null : startBackgroundConnection(db.name, lock);
  let rideMs = 0;
  if (background !== null) db.pragma("wal_autocheckpoint = 0");
  const afterWrite = async (): Promise<void> => {
    await wal.sync();
    background?.nudge();
  };
  /** Runs `write` (synchronous) holding the write lock; an in-memory database has no second writer. */
  const locked = async <T>(write: () => T): Promise<T> => {
    if (lock === null) return write();
    await lock.acquire();
    try {
      return write();
    } finally {
      lock.release();
    }
  };
  const prepare = (sql: string): Statement => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare<unknown[]>(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  };
  const direct: SqlExecutor = {
    run: async (sql, params) => ({ changes: prepare(sql).run(...bind(params)).changes }),
    all: async <T>(sql: string, params?: TSqlValue[]) => prepare(sql).all(...bind(params)) as T[],
    get: async <T>(sql: string, params?: TSqlValue[]) => prepare(sql).get(...bind(params)) as T | undefined,
  };

  // One connection: while a transaction awaits between its statements, anything else must wait,
  // or it would run inside that transaction and be rolled back with it.
  let pending: Promise<unknown> = Promise.resolve();
  let inTransaction = false;
  const outside = async <T>(fn: () => Promise<T>): Promise<T> => {
    while (inTransaction) await pending.catch(() => undefined);
    return fn();
  };

  // Group commit: transactions requested together share one BEGIN IMMEDIATE … COMMIT. The WAL
  // flush after COMMIT is the cost of durability; sharing it is what lets many chats write at once,
  // and running it off the event loop lets the next batch gather while the disk works. No caller's
  // promise settles before the flush that made its writes durable has returned.
  //
  // One failing transaction must roll back alone. A SAVEPOINT per transaction would do that, but
  // it costs every write (SQLite copies each page a savepoint first touches, about 15% of a chat
  // message's insert), and failures are rare (a retried idempotent send, a lost race). So a batch
  // first runs without savepoints; only when one of its transactions fails is the whole batch
  // rolled back and run again, each transaction in its own savepoint. Transactions are pure
  // database work, so running one a second time is safe.
  type TQueued = {
    fn: (tx: SqlExecutor) => Promise<unknown>;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  };
  type TOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };
  let queued: TQueued[] = [];
  // Prepared once: exec() would parse them again for every message of every batch.
  const control = {
    begin: prepare("BEGIN IMMEDIATE"),
    savepoint: prepare("SAVEPOINT tawkster_tx"),
    release: prepare("RELEASE tawkster_tx"),
    rollbackTo: prepare("ROLLBACK TO tawkster_tx"),
    commit: prepare("COMMIT"),
    rollback: prepare("ROLLBACK"),
  };
  /** Runs the batch inside one transaction with no savepoint; null as soon as one of them fails. */
  const runOptimistically = async (batch: readonly TQueued[]): Promise<TOutcome[] | null> => {
    const outcomes: TOutcome[] = [];
    for (const item of batch) {
      try {
        outcomes.push({ ok: true, value: await item.fn(direct) });
      } catch (error) {
        if (batch.length === 1) return [{ ok: false, error }];
        return null;
      }
    }
    return outcomes;
  };
  const runIsolated = async (batch: readonly TQueued[]): Promise<TOutcome[]> => {
    const outcomes: TOutcome[] = [];
    for (const item of batch) {
      control.savepoint.run();
      try {
        outcomes.push({ ok: true, value: await item.fn(direct) });
        control.release.run();
      } catch (error) {
        control.rollbackTo.run();
        control.release.run();
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  };
  const runBatch = async (): Promise<void> => {
    // Taken before the batch is cut, so whatever is asked for while the lock is awaited joins it.
    await lock?.acquire();
    const batch = queued;
    queued = [];
    inTransaction = true;
    let outcomes: TOutcome[];
    try {
      control.begin.run();
      const optimistic = await runOptimistically(batch);
      if (optimistic === null) {
        control.rollback.run();
        control.begin.run();
        outcomes = await runIsolated(batch);
      } else outcomes = optimistic;
      // A lone transaction that failed leaves nothing to keep.
      if (batch.length === 1 && outcomes[0]?.ok === false) control.rollback.run();
      else control.commit.run();
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      inTransaction = false;
      lock?.release();
      for (const item of batch) item.reject(error);
      return;
    }
    inTransaction = false;
    lock?.release();
    // Not awaited here: the next batch may commit while this one's flush is on the disk.
    void afterWrite().then(
      () =>
        batch.forEach((item, i) => {
          const outcome = outcomes[i];
          if (outcome?.ok) item.resolve(outcome.value);
          else item.reject(outcome?.error);
        }),
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
  };

  return {
    dialect: "sqlite",
    raw: db,
    run: async (sql, params) => {
      const result = await outside(() =>
        locked(() => ({ changes: prepare(sql).run(...bind(params)).changes })),
      );
      if (result.changes > 0) await afterWrite();
      return result;
    },
    all: (sql, params) => outside(() => direct.all(sql, params)),
    get: (sql, params) => outside(() => direct.get(sql, params)),
    exec: async (sql) => {
      await outside(() => locked(() => void db.exec(sql)));
      await afterWrite();
    },
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queued.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        if (queued.length === 1) {
          // Let every transaction asked for in this turn of the event loop join the same batch.
          const next = pending
            .catch(() => undefined)
            .then(() => new Promise<void>((done) => setImmediate(done)))
            .then(runBatch);
          pending = next;
        }
      });
    },
    ...(background === null
      ? {}
      : {
          writeInBackground: async (statements: readonly TSqlStatement[]) => {
            const changes = await background.write(statements);
            if (changes.some((n) => n > 0)) {
              // Durable before it resolves, like every write, but on the next chat's flush when
              // chats are committing: a flush of its own would be one more barrier on the disk
              // that a chat's flush waits behind.
              const start = performance.now();
              await wal.syncShared(BACKGROUND_RIDE_MS);
              rideMs += performance.now() - start;
              background.nudge();
            }
            return changes;
          },
          backgroundRideMs: () => rideMs,
        }),
    checkpoint: async (mode) => {
      if (background === null) {
        const [row] = db.pragma(`wal_checkpoint(${mode === "truncate" ? "TRUNCATE" : "PASSIVE"})`) as {
          busy: number;
          log: number;
          checkpointed: number;
        }[];
        return row ?? { busy: 1, log: 0, checkpointed: 0 };
      }
      return background.checkpoint(mode);
    },
    close: async () => {
      await pending.catch(() => undefined);
      await wal.close();
      await background?.close();
      if (db.open) {
        db.pragma("wal_checkpoint(TRUNCATE)");
        db.close();
      }
    },
  };
}
