import type { TCompactResult } from "../port";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

/**
 * Makes deleted rows leave the files. On SQLite, `secure_delete` already overwrites deleted cells
 * and freed pages with zeros, but in WAL mode the earlier versions of those pages still sit in the
 * write-ahead log until a checkpoint copies the zeroed pages over them; `wal_checkpoint(TRUNCATE)`
 * does that and empties the log. No VACUUM: it would only shrink the file (free pages are already
 * zeroed, so they hold nothing), and it rewrites the whole database under an exclusive lock, which
 * is exactly the stall a purge must not cause. PostgreSQL has no such file to clean here: its
 * autovacuum reclaims dead tuples, so this is a no-op there. The passive mode copies what it can
 * without waiting and leaves the log's size alone (for use between purge batches).
 */
export function compactStore(db: SqlDriver, mode: "passive" | "truncate"): Promise<TCompactResult> {
  return guard("store.compact", async () => {
    if (db.dialect !== "sqlite" || db.checkpoint === undefined) {
      return { isCheckpointed: false, freePages: null, totalPages: null };
    }
    if (mode === "passive") {
      const passive = await db.checkpoint("passive");
      const isCheckpointed = passive.busy === 0 && passive.log === passive.checkpointed;
      return { isCheckpointed, freePages: null, totalPages: null };
    }
    const checkpoint = await db.checkpoint("truncate");
    const free = await db.get<{ freelist_count: unknown }>("PRAGMA freelist_count");
    const total = await db.get<{ page_count: unknown }>("PRAGMA page_count");
    return {
      // busy = 1: a reader held an old snapshot, so the log could not be emptied this time.
      isCheckpointed: Number(checkpoint?.busy ?? 1) === 0,
      freePages: Number(free?.freelist_count ?? 0),
      totalPages: Number(total?.page_count ?? 0),
    };
  });
}
