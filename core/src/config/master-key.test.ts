import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { isAppError } from "../errors";
import { loadConfig } from "./load-config";
import { MASTER_KEY_FILE, resolveMasterKey } from "./master-key";

const parent = mkdtempSync(join(tmpdir(), "tawkster-master-key-"));
after(() => rmSync(parent, { recursive: true, force: true }));

let counter = 0;
/** A fresh, not yet existing data directory. */
function freshDataDir(): string {
  counter += 1;
  return join(parent, `case-${counter}`, "data");
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Resolves the key and collects what would have been logged. */
function resolveWithLog(env: Record<string, string>) {
  const logged: string[] = [];
  const keys = resolveMasterKey(loadConfig(env), { log: (message) => logged.push(message) });
  return { keys, logged };
}

/** A data directory holding a key file written by hand with the given mode. */
function dataDirWithKeyFile(mode: number, bytes = randomBytes(32)): { dataDir: string; path: string } {
  const dataDir = freshDataDir();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, MASTER_KEY_FILE);
  writeFileSync(path, bytes, { mode });
  chmodSync(path, mode);
  return { dataDir, path };
}

function keyFileError(dataDir: string): string {
  try {
    resolveMasterKey(loadConfig({ TAWKSTER_DATA_DIR: dataDir }), { log: () => {} });
  } catch (error) {
    assert.ok(isAppError(error));
    assert.equal(error.code, "config.invalid");
    assert.doesNotMatch(error.message, /\n/);
    return error.message;
  }
  assert.fail("expected the key file to be refused");
}

describe("resolveMasterKey", () => {
  test("uses TAWKSTER_MASTER_KEY when set, and writes nothing", () => {
    const dataDir = freshDataDir();
    const key = randomBytes(32);
    const { keys, logged } = resolveWithLog({
      TAWKSTER_DATA_DIR: dataDir,
      TAWKSTER_MASTER_KEY: key.toString("hex"),
    });
    assert.equal(keys.source, "env");
    assert.deepEqual(keys.current, key);
    assert.deepEqual(keys.previous, []);
    assert.deepEqual(logged, []);
    assert.equal(existsSync(dataDir), false);
  });

  test("generates a 0600 key file of 32 bytes with a loud warning, then reuses it", () => {
    const dataDir = freshDataDir();
    const path = join(dataDir, MASTER_KEY_FILE);

    const first = resolveWithLog({ TAWKSTER_DATA_DIR: dataDir });
    assert.equal(first.keys.source, "generated");
    assert.equal(first.keys.current.length, 32);
    assert.equal(modeOf(dataDir), 0o700);
    assert.equal(modeOf(path), 0o600);
    assert.deepEqual(readFileSync(path), first.keys.current);

    assert.equal(first.logged.length, 1);
    const warning = first.logged[0] ?? "";
    assert.ok(warning.split("\n").length > 5, "the warning spans several lines");
    assert.match(warning, /generated a new master key/);
    assert.ok(warning.includes(path), "names the file");
    assert.match(warning, /unreadable/);
    assert.match(warning, /SEPARATE from the database/);
    assert.match(warning, /TAWKSTER_MASTER_KEY/);
    assert.ok(!warning.includes(first.keys.current.toString("hex")), "never prints the key");
    assert.ok(!warning.includes(first.keys.current.toString("base64")), "never prints the key");

    const second = resolveWithLog({ TAWKSTER_DATA_DIR: dataDir });
    assert.equal(second.keys.source, "file");
    assert.deepEqual(second.keys.current, first.keys.current);
    assert.deepEqual(second.logged, [], "no warning once the key exists");
  });

  test("an existing key file of mode 0400 is accepted", () => {
    const key = randomBytes(32);
    const { dataDir } = dataDirWithKeyFile(0o400, key);
    const { keys } = resolveWithLog({ TAWKSTER_DATA_DIR: dataDir });
    assert.equal(keys.source, "file");
    assert.deepEqual(keys.current, key);
  });

  // Attack: a key file readable by other local users (or their processes) hands them every chat.
  test("a key file with a looser mode is refused, in one line naming file and mode", () => {
    for (const mode of [0o644, 0o640, 0o604, 0o700]) {
      const { dataDir, path } = dataDirWithKeyFile(mode);
      const message = keyFileError(dataDir);
      assert.ok(message.includes(path), message);
      assert.match(message, new RegExp(`mode ${mode.toString(8).padStart(4, "0")} is too open`));
      assert.match(message, /0600 or stricter/);
    }
  });

  test("a key file of the wrong size is refused", () => {
    const { dataDir } = dataDirWithKeyFile(0o600, randomBytes(16));
    assert.match(keyFileError(dataDir), /must hold exactly 32 bytes \(holds 16\)/);
  });

  test("previous keys are returned for decryption, without the current one", () => {
    const current = randomBytes(32);
    const old = randomBytes(32);
    const { keys } = resolveWithLog({
      TAWKSTER_DATA_DIR: freshDataDir(),
      TAWKSTER_MASTER_KEY: current.toString("base64"),
      TAWKSTER_PREVIOUS_MASTER_KEYS: `${old.toString("hex")},${current.toString("hex")}`,
    });
    assert.deepEqual(keys.previous, [old]);
  });
});
