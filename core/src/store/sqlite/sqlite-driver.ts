import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { SqlDriver, SqlExecutor, TSqlValue } from "../sql/driver";

type Statement = Database.Statement<unknown[]>;

function bind(params: TSqlValue[] = []): unknown[] {
  // better-sqlite3 binds blobs only as Buffer; wrapping shares memory instead of copying.
  return params.map((p) =>
    p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p,
  );
}

/** Opens (creating with mode 0600 if needed) a SQLite file tuned for durable, secure storage. */
export function openSqliteDatabase(path: string): Database.Database {
  if (path !== ":memory:" && !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, "a", 0o600));
  }
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  // FULL: a message is acknowledged only once it survives a power cut, WAL or not.
  db.pragma("synchronous = FULL");
  // Deleted rows are overwritten with zeros, so erased or purged text does not linger in free pages.
  db.pragma("secure_delete = ON");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

/** The SqlDriver over better-sqlite3: synchronous underneath, serialized around transactions. */
export function createSqliteDriver(db: Database.Database): SqlDriver & { readonly raw: Database.Database } {
  const statements = new Map<string, Statement>();
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

  // Group commit: transactions requested together share one BEGIN IMMEDIATE … COMMIT, each in its
  // own SAVEPOINT so one failing rolls back alone. The fsync of COMMIT is the cost of durability
  // (synchronous=FULL); sharing it is what lets many chats write at once. No caller's promise
  // settles before the COMMIT that made its writes durable has returned.
  type TQueued = {
    fn: (tx: SqlExecutor) => Promise<unknown>;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  };
  let queued: TQueued[] = [];
  const runBatch = async (): Promise<void> => {
    const batch = queued;
    queued = [];
    inTransaction = true;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.exec("BEGIN IMMEDIATE");
      for (const item of batch) {
        db.exec("SAVEPOINT tawkster_tx");
        try {
          outcomes.push({ ok: true, value: await item.fn(direct) });
          db.exec("RELEASE tawkster_tx");
        } catch (error) {
          db.exec("ROLLBACK TO tawkster_tx");
          db.exec("RELEASE tawkster_tx");
          outcomes.push({ ok: false, error });
        }
      }
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      inTransaction = false;
      for (const item of batch) item.reject(error);
      return;
    }
    inTransaction = false;
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  };

  return {
    dialect: "sqlite",
    raw: db,
    run: (sql, params) => outside(() => direct.run(sql, params)),
    all: (sql, params) => outside(() => direct.all(sql, params)),
    get: (sql, params) => outside(() => direct.get(sql, params)),
    exec: (sql) => outside(async () => void db.exec(sql)),
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
    close: async () => {
      await pending.catch(() => undefined);
      if (db.open) {
        db.pragma("wal_checkpoint(TRUNCATE)");
        db.close();
      }
    },
  };
}
