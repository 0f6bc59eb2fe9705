import type { SqlDriver, TSqlStatement } from "./driver";

/** Runs statements as one transaction, away from the event loop where the driver can; resolves with each one's changes. */
export function writeInBackground(db: SqlDriver, statements: readonly TSqlStatement[]): Promise<number[]> {
  if (statements.length === 0) return Promise.resolve([]);
  if (db.writeInBackground !== undefined) return db.writeInBackground(statements);
  return db.transaction(async (tx) => {
    const changes: number[] = [];
    for (const statement of statements) changes.push((await tx.run(statement.sql, statement.params)).changes);
    return changes;
  });
}
