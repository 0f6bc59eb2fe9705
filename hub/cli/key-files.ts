import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { MASTER_KEY_BYTES } from "@tawkster/core/config";
import { CliError } from "./cli-error";

/**
 * Writes a key to `path` so that a crash leaves either the old file or the new one, never a
 * partial key: a fresh 0600 temp file beside it, synced, then renamed over it, then the directory
 * synced so the rename itself survives a power cut.
 */
export function writeKeyFileAtomically(path: string, key: Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  writeKeyFileExclusively(temp, key);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncDirectory(dirname(path));
}

/** Writes a key to a new file (refusing to overwrite one), mode 0600, synced. */
export function writeKeyFileExclusively(path: string, key: Uint8Array): void {
  const fd = openSync(path, "wx", 0o600);
  try {
    // The umask may only remove bits, but say it outright: this file is the owner's alone.
    fchmodSync(fd, 0o600);
    let written = 0;
    while (written < key.length) written += writeSync(fd, key, written, key.length - written, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDirectory(dirname(path));
}

/** Reads a key file written by this CLI, with the same checks as the hub's (0600, exactly 32 bytes). */
export function readKeyFile(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const stat = fstatSync(fd);
    if (process.platform !== "win32" && (stat.mode & 0o177) !== 0) {
      throw new CliError(`${path} is readable by others; it must be mode 0600`);
    }
    const key = readFileSync(fd);
    if (key.length !== MASTER_KEY_BYTES)
      throw new CliError(`${path} must hold exactly ${MASTER_KEY_BYTES} bytes`);
    return key;
  } finally {
    closeSync(fd);
  }
}

/** `master.key.previous-2025-01-31`, or with `-2`, `-3`… when that name is taken (two rotations a day). */
export function choosePreviousKeyPath(keyPath: string, now: Date): string {
  const base = `${keyPath}.previous-${now.toISOString().slice(0, 10)}`;
  if (!existsSync(base)) return base;
  for (let n = 2; ; n++) if (!existsSync(`${base}-${n}`)) return `${base}-${n}`;
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can sync a directory (Windows); the files themselves are synced.
  }
}
