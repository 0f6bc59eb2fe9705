import { type Algorithm, hash, verify } from "@node-rs/argon2";

// The package declares `Algorithm` as a const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id with 64 MiB and 4 lanes (RFC 9106's second recommended setting) and 8 passes instead of
 * 3, stronger than every entry of OWASP's list. OWASP's own entries (19 MiB t=2, 46 MiB t=1) take
 * 8–17 ms here, too cheap to slow down an offline guesser, and t=3 measured 24–34 ms on an idle
 * 2-core machine (the benchmark flagged it below the 50 ms floor). t=8 measured about 77 ms idle and
 * stays far under 500 ms when the machine is busy (`node --import tsx test/bench/sign-in.ts`).
 */
export const ARGON2_PARAMS = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 65_536,
  timeCost: 8,
  parallelism: 4,
});

/** At most this many hashes run at once: each holds 64 MiB, and a burst must not starve the thread pool. */
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Hashes a password with argon2id (PHC string with a random salt and the parameters). */
export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password, ARGON2_PARAMS));
}

/** Whether `password` matches a stored argon2 hash; a malformed hash is simply no match. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (!storedHash.startsWith("$argon2")) return false;
  try {
    return await withHashSlot(() => verify(storedHash, password));
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with other parameters than today's, so it should be redone at sign-in. */
export function needsRehash(storedHash: string): boolean {
  const { memoryCost, timeCost, parallelism } = ARGON2_PARAMS;
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
  if (!match) return true;
  return Number(match[1]) !== memoryCost || Number(match[2]) !== timeCost || Number(match[3]) !== parallelism;
}

let decoyHash: Promise<string> | undefined;

/**
 * Spends the time of one real verification against a decoy hash, so an unknown email answers as
 * slowly as a known one with a wrong password (no account discovery by timing).
 */
export async function verifyDecoyPassword(password: string): Promise<false> {
  decoyHash ??= hashPassword("tawkster decoy password, never a real one");
  await verifyPassword(await decoyHash, password);
  return false;
}
