import { randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { AppError } from "../errors";
import { MASTER_KEY_BYTES } from "./key-encoding";
import type { TConfig } from "./load-config";

/** Name of the key file kept in the data directory when TAWKSTER_MASTER_KEY is not set. */
export const MASTER_KEY_FILE = "master.key";

/** The master keys in use: `current` encrypts, `current` and `previous` decrypt. */
export type TMasterKeys = {
  current: Buffer;
  previous: Buffer[];
  /** Where `current` came from: the environment, `<dataDir>/master.key`, or freshly generated. */
  source: "env" | "file" | "generated";
};

export type TResolveMasterKeyOptions = {
  /** Receives the (multi-line) warning when a key is generated; defaults to stderr. */
  log?: (message: string) => void;
};

/**
 * Finds the master key: TAWKSTER_MASTER_KEY if set; else `<dataDir>/master.key` if it exists
 * (refused unless its mode is 0600 or stricter and it holds exactly 32 bytes); else generates a
 * key, saves it there with mode 0600 (never overwriting a file another process just created) and
 * logs a loud warning to back it up. Throws `AppError("config.invalid")` with a one-line message.
 *
 * @example
 * const keys = resolveMasterKey(loadConfig(), { log: (message) => console.error(message) });
 * keys.source; // "generated" on the first start with an empty environment, "file" afterwards
 */
export function resolveMasterKey(
  config: Pick<TConfig, "dataDir" | "masterKey" | "previousMasterKeys">,
  options: TResolveMasterKeyOptions = {},
): TMasterKeys {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const path = join(config.dataDir, MASTER_KEY_FILE);
  let current: Buffer;
  let source: TMasterKeys["source"];
  if (config.masterKey !== null) {
    current = config.masterKey.reveal();
    source = "env";
  } else {
    const existing = readKeyFile(path);
    if (existing !== null) {
      current = existing;
      source = "file";
    } else {
      const created = createKeyFile(config.dataDir, path);
      current = created.key;
      source = created.isOurs ? "generated" : "file";
      if (created.isOurs) log(generatedKeyWarning(path));
    }
  }
  const previous = config.previousMasterKeys.map((key) => key.reveal()).filter((key) => !key.equals(current));
  return { current, previous, source };
}

function fail(path: string, problem: string, cause?: unknown): AppError {
  return new AppError("config.invalid", `master key file ${path}: ${problem}`, { cause });
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** Reads and checks an existing key file; null when there is none. */
function readKeyFile(path: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw fail(path, `cannot be opened (${errorCode(error) ?? "unknown error"})`, error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fail(path, "is not a regular file");
    // Windows has no POSIX modes to check; everywhere else the owner alone may read the key.
    if (process.platform !== "win32" && (stat.mode & 0o177) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, "0");
      throw fail(path, `mode ${mode} is too open, it must be 0600 or stricter (chmod 600 "${path}")`);
    }
    if (stat.size !== MASTER_KEY_BYTES) {
      throw fail(path, `must hold exactly ${MASTER_KEY_BYTES} bytes (holds ${stat.size})`);
    }
    const key = Buffer.alloc(MASTER_KEY_BYTES);
    let read = 0;
    while (read < key.length) {
      const n = readSync(fd, key, read, key.length - read, read);
      if (n === 0) throw fail(path, `must hold exactly ${MASTER_KEY_BYTES} bytes (holds ${read})`);
      read += n;
    }
    return key;
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates the data directory (0700) and a new key file (0600). Opening with "wx" fails if the file
 * exists, so two processes starting at once never overwrite each other's key: the loser reads the
 * winner's file instead (`isOurs: false`).
 */
function createKeyFile(dataDir: string, path: string): { key: Buffer; isOurs: boolean } {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new AppError(
      "config.invalid",
      `TAWKSTER_DATA_DIR: cannot create ${dataDir} (${errorCode(error) ?? "unknown error"})`,
      { cause: error },
    );
  }
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (error) {
    if (errorCode(error) === "EEXIST") return { key: readKeyFileOfOtherProcess(path), isOurs: false };
    throw fail(path, `cannot be created (${errorCode(error) ?? "unknown error"})`, error);
  }
  const key = randomBytes(MASTER_KEY_BYTES);
  try {
    let written = 0;
    while (written < key.length) written += writeSync(fd, key, written, key.length - written, written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    // A short key file would stop every later start; remove it so the next start tries again.
    unlinkSync(path);
    throw fail(path, `cannot be written (${errorCode(error) ?? "unknown error"})`, error);
  }
  closeSync(fd);
  syncDirectory(dataDir);
  return { key, isOurs: true };
}

/** Another process created the file a moment ago and may still be writing it: wait up to 2 s. */
function readKeyFileOfOtherProcess(path: string): Buffer {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      const key = readKeyFile(path);
      if (key !== null) return key;
    } catch (error) {
      if (attempt >= 40) throw error;
    }
    if (attempt >= 40) throw fail(path, "disappeared while it was being read");
    Atomics.wait(sleeper, 0, 0, 50);
  }
}

/** Makes the new directory entry durable too: a lost key means lost chats. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported on every platform (Windows); the file itself is already synced.
  }
}

function generatedKeyWarning(path: string): string {
  const rule = "=".repeat(78);
  return [
    rule,
    "WARNING: Tawkster generated a new master key and saved it to:",
    "",
    `    ${path}`,
    "",
    "This key encrypts every stored chat. If it is lost, every stored chat becomes",
    "unreadable, for good: nobody can recover them, not even from a database backup.",
    "",
    "Back this file up now, and keep the backup SEPARATE from the database backups",
    "(a key stored beside the database protects nothing if both are copied).",
    "",
    "To supply the key yourself instead (e.g. from a secret manager), set",
    "TAWKSTER_MASTER_KEY to it encoded as base64 or hex; this file is then ignored:",
    "",
    `    export TAWKSTER_MASTER_KEY="$(base64 < '${path}' | tr -d '\\n')"`,
    rule,
  ].join("\n");
}
