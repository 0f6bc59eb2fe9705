/** Values a statement may bind: timestamps travel as epoch milliseconds, booleans as 0/1. */
export type TSqlValue = string | number | null | Uint8Array;

/** One statement with its parameters, for a batch handed over whole. */
export type TSqlStatement = { sql: string; params?: TSqlValue[] };

/** What runs statements: the driver itself, or the handle inside a transaction. */
export interface SqlExecutor {
  run(sql: string, params?: TSqlValue[]): Promise<{ changes: number }>;
  all<T = Record<string, unknown>>(sql: string, params?: TSqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: TSqlValue[]): Promise<T | undefined>;
}

/**
 * The tiny driver interface the shared SQL implementation runs on. Statements use `?`
 * placeholders; a driver whose database wants another style rewrites them.
 */
export interface SqlDriver extends SqlExecutor {
  readonly dialect: "sqlite" | "postgres";
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * SQLite only: folds the write-ahead log into the database file (passive: what it can without
   * waiting; truncate: all of it, then empties the log). Runs off the caller's event loop.
   */
  checkpoint?(mode: "passive" | "truncate"): Promise<{ busy: number; log: number; checkpointed: number }>;
  /**
   * Runs write statements as one transaction for bulk background work (a purge's deletes): on a
   * SQLite file, on a connection of its own away from the event loop. Resolves with each
   * statement's changes once they are durable. Drivers without such a connection leave it out;
   * `writeInBackground` (write-in-background.ts) then uses an ordinary transaction.
   */
  writeInBackground?(statements: readonly TSqlStatement[]): Promise<number[]>;
  /**
   * Milliseconds background writes have spent, in all, waiting to share another writer's flush to
   * disk (idle time, not work): pacing subtracts it from a step's duration. Absent: never waits.
   */
  backgroundRideMs?(): number;
  close(): Promise<void>;
}
