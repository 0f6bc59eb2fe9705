import type { Store } from "../port";
import { createSqlStore } from "../sql/sql-store";
import { createSqliteDriver, openSqliteDatabase } from "./sqlite-driver";

export { createSqliteDriver, openSqliteDatabase } from "./sqlite-driver";

/** Opens the embedded SQLite store at `path` (file created 0600, WAL, secure delete) and migrates it. */
export async function openSqliteStore(path: string): Promise<Store> {
  const store = createSqlStore(createSqliteDriver(openSqliteDatabase(path)));
  await store.migrate();
  return store;
}
