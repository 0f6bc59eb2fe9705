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

  return {
    dialect: "sqlite",
    raw: db,
    run: (sql, params) => outside(() => direct.run(sql, params)),
    all: (sql, params) => outside(() => direct.all(sql, params)),
    get: (sql, params) => outside(() => direct.get(sql, params)),
    exec: (sql) => outside(async () => void db.exec(sql)),
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const next = pending
        .catch(() => undefined)
        .then(async () => {
          while (inTransaction) await pending.catch(() => undefined);
          inTransaction = true;
          db.exec("BEGIN IMMEDIATE");
          try {
            const result = await fn(direct);
            db.exec("COMMIT");
            return result;
          } catch (error) {
            if (db.inTransaction) db.exec("ROLLBACK");
            throw error;
          } finally {
            inTransaction = false;
          }
        });
      pending = next;
      return next;
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
