import { randomFillSync } from "node:crypto";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** Random bytes are drawn in blocks: one call to the CSPRNG per 409 ids instead of one each. */
const POOL_BYTES = 4096;
const RANDOM_BYTES = 10;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;
const MAX_MS = 2 ** 48 - 1;

/**
 * A new row id: a UUID version 7 (RFC 9562), its first 48 bits the Unix time in milliseconds and
 * the other 74 random. Ids made later sort later, so new rows land on the right edge of every id
 * index and rows made together sit together. That is what keeps a purge of old rows cheap: a
 * random (v4) id scatters every deleted row's index entry over the whole index, so each one dirties
 * a page of its own, and the write-ahead log (which every chat's commit flushes) fills with them.
 * The time it carries is no secret of ours: every row it names stores its creation time anyway.
 *
 * @example newTimeOrderedId(); // "019ae9c4-3b1f-7c2a-9f0e-5d7f1a2b3c4d"
 */
export function newTimeOrderedId(atMs: number = Date.now()): string {
  if (poolOffset + RANDOM_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const r = poolOffset;
  poolOffset += RANDOM_BYTES;
  const ms = Number.isNaN(atMs) ? 0 : Math.min(MAX_MS, Math.max(0, Math.floor(atMs)));
  // 48 bits do not fit a 32-bit bitwise operation: split into the high 16 and low 32.
  const high = Math.floor(ms / 2 ** 32);
  const low = ms >>> 0;
  const h = (n: number) => HEX[n & 0xff] as string;
  return (
    h(high >>> 8) +
    h(high) +
    h(low >>> 24) +
    h(low >>> 16) +
    "-" +
    h(low >>> 8) +
    h(low) +
    "-" +
    h(0x70 | ((pool[r] as number) & 0x0f)) +
    h(pool[r + 1] as number) +
    "-" +
    h(0x80 | ((pool[r + 2] as number) & 0x3f)) +
    h(pool[r + 3] as number) +
    "-" +
    h(pool[r + 4] as number) +
    h(pool[r + 5] as number) +
    h(pool[r + 6] as number) +
    h(pool[r + 7] as number) +
    h(pool[r + 8] as number) +
    h(pool[r + 9] as number)
  );
}

/** The creation time (Unix ms) a version-7 id carries, or null for any other string. */
export function timeOfTimeOrderedId(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return null;
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
