import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { inspect } from "node:util";
import { isAppError } from "../errors";
import { loadConfig, type TConfigEnv } from "./load-config";

const cwd = "/srv/tawkster";
const key32 = randomBytes(32);

/** The one-line message of the config.invalid error that loading `env` throws. */
function configError(env: TConfigEnv): string {
  try {
    loadConfig(env, { cwd });
  } catch (error) {
    assert.ok(isAppError(error), "throws an AppError");
    assert.equal(error.code, "config.invalid");
    assert.equal(error.status, 500);
    assert.doesNotMatch(error.message, /\n/, "the message is one line");
    return error.message;
  }
  assert.fail(`expected ${JSON.stringify(Object.keys(env))} to be rejected`);
}

describe("loadConfig", () => {
  test("an empty environment gives the embedded defaults", () => {
    const config = loadConfig({}, { cwd });
    assert.equal(config.dataDir, "/srv/tawkster/data");
    assert.deepEqual(config.database, { kind: "sqlite", path: "/srv/tawkster/data/tawkster.db" });
    assert.equal(config.masterKey, null);
    assert.deepEqual(config.previousMasterKeys, []);
    assert.equal(config.port, 3000);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.publicUrl, null);
    assert.equal(config.demoPort, 3001);
    assert.equal(config.redisUrl, null);
    assert.equal(config.retentionIntervalMinutes, 60);
    assert.equal(config.logLevel, "info");
    assert.ok(Object.isFrozen(config));
  });

  test("relative paths resolve against process.cwd() by default", () => {
    assert.equal(loadConfig({}).dataDir, join(process.cwd(), "data"));
  });

  test("unrelated variables are ignored and blank ones mean the default", () => {
    const config = loadConfig({ PATH: "/bin", TAWKSTER_PORT: "", TAWKSTER_LOG_LEVEL: "  " }, { cwd });
    assert.equal(config.port, 3000);
    assert.equal(config.logLevel, "info");
  });

  test("every variable is read", () => {
    const previous = randomBytes(32);
    const config = loadConfig(
      {
        TAWKSTER_DATA_DIR: "var/chat",
        TAWKSTER_DATABASE_URL: "postgres://tawkster:s3cret@db.internal:5432/tawkster",
        TAWKSTER_MASTER_KEY: key32.toString("hex"),
        TAWKSTER_PREVIOUS_MASTER_KEYS: ` ${previous.toString("base64")} ,, ${key32.toString("base64url")}`,
        TAWKSTER_PORT: "8080",
        TAWKSTER_HOST: "0.0.0.0",
        TAWKSTER_PUBLIC_URL: "https://chat.example.com/",
        TAWKSTER_DEMO_PORT: "8081",
        TAWKSTER_REDIS_URL: "rediss://:pw@cache:6380",
        TAWKSTER_RETENTION_INTERVAL_MINUTES: "15",
        TAWKSTER_LOG_LEVEL: "DEBUG",
      },
      { cwd },
    );
    assert.equal(config.dataDir, "/srv/tawkster/var/chat");
    assert.equal(config.database.kind, "postgres");
    assert.equal(
      config.database.kind === "postgres" && config.database.url.reveal(),
      "postgres://tawkster:s3cret@db.internal:5432/tawkster",
    );
    assert.deepEqual(config.masterKey?.reveal(), key32);
    assert.deepEqual(
      config.previousMasterKeys.map((k) => k.reveal()),
      [previous, key32],
    );
    assert.equal(config.port, 8080);
    assert.equal(config.host, "0.0.0.0");
    assert.equal(config.publicUrl, "https://chat.example.com");
    assert.equal(config.demoPort, 8081);
    assert.equal(config.redisUrl?.reveal(), "rediss://:pw@cache:6380");
    assert.equal(config.retentionIntervalMinutes, 15);
    assert.equal(config.logLevel, "debug");
  });

  test("database URLs: sqlite absolute and relative, postgres and postgresql", () => {
    const db = (url: string) => loadConfig({ TAWKSTER_DATABASE_URL: url }, { cwd }).database;
    assert.deepEqual(db("sqlite:/var/lib/tawkster.db"), { kind: "sqlite", path: "/var/lib/tawkster.db" });
    assert.deepEqual(db("sqlite:chat/tawkster.db"), {
      kind: "sqlite",
      path: "/srv/tawkster/chat/tawkster.db",
    });
    assert.equal(db("postgres://app@localhost:5432/chat").kind, "postgres");
    assert.equal(db("postgresql://app@localhost/chat").kind, "postgres");
  });

  test("master keys are accepted as hex, base64 and base64url, padded or not", () => {
    for (const text of [
      key32.toString("hex"),
      key32.toString("hex").toUpperCase(),
      key32.toString("base64"),
      key32.toString("base64").replace(/=+$/, ""),
      key32.toString("base64url"),
    ]) {
      assert.deepEqual(loadConfig({ TAWKSTER_MASTER_KEY: text }, { cwd }).masterKey?.reveal(), key32, text);
    }
  });

  test("every variable's bad value gives one line naming it", () => {
    const cases: [string, string, RegExp][] = [
      ["TAWKSTER_DATA_DIR", "data\0dir", /must be a path without NUL/],
      ["TAWKSTER_DATABASE_URL", "mysql://x", /must be sqlite:.* or postgres:\/\/.*\(got a mysql: URL\)$/],
      ["TAWKSTER_MASTER_KEY", "not a key!", /must be 32 bytes encoded as base64 or hex/],
      ["TAWKSTER_PREVIOUS_MASTER_KEYS", "zz", /key 1 of 1 must be 32 bytes encoded as base64 or hex/],
      ["TAWKSTER_PORT", "http", /must be a port number from 1 to 65535 \(got "http"\)/],
      ["TAWKSTER_HOST", "http://localhost", /must be a host name or an IP address/],
      ["TAWKSTER_PUBLIC_URL", "chat.example.com", /must be an http:\/\/ or https:\/\/ URL/],
      ["TAWKSTER_DEMO_PORT", "70000", /must be a port number from 1 to 65535 \(got "70000"\)/],
      ["TAWKSTER_REDIS_URL", "http://cache:6379", /must be a redis:\/\/ or rediss:\/\/ URL/],
      ["TAWKSTER_RETENTION_INTERVAL_MINUTES", "0", /must be a whole number of minutes from 1 to 10080/],
      ["TAWKSTER_LOG_LEVEL", "verbose", /must be one of debug, info, warn, error \(got "verbose"\)/],
    ];
    for (const [name, value, problem] of cases) {
      const message = configError({ [name]: value });
      assert.ok(message.startsWith(`${name}: `), `${name}: ${message}`);
      assert.match(message, problem);
    }
  });

  test("numbers must be plain integers in range", () => {
    for (const port of ["0", "-1", "3000.5", "3e3", "0x10", "65536", "1234567"]) {
      assert.match(configError({ TAWKSTER_PORT: port }), /^TAWKSTER_PORT: must be a port number/, port);
    }
    assert.match(configError({ TAWKSTER_RETENTION_INTERVAL_MINUTES: "10081" }), /from 1 to 10080/);
  });

  test("a key of the wrong length says how many bytes it got", () => {
    assert.equal(
      configError({ TAWKSTER_MASTER_KEY: randomBytes(16).toString("base64") }),
      "TAWKSTER_MASTER_KEY: must be 32 bytes encoded as base64 or hex (got 16 bytes)",
    );
    assert.equal(
      configError({ TAWKSTER_MASTER_KEY: randomBytes(33).toString("hex") }),
      "TAWKSTER_MASTER_KEY: must be 32 bytes encoded as base64 or hex (got 33 bytes)",
    );
    assert.equal(
      configError({
        TAWKSTER_PREVIOUS_MASTER_KEYS: `${key32.toString("hex")},${randomBytes(31).toString("hex")}`,
      }),
      "TAWKSTER_PREVIOUS_MASTER_KEYS: key 2 of 2 must be 32 bytes encoded as base64 or hex (got 31 bytes)",
    );
  });

  test("malformed database URLs are refused", () => {
    for (const url of [
      "mysql://x",
      "tawkster.db",
      "sqlite:",
      "sqlite:///var/lib/tawkster.db",
      "sqlite::memory:",
      "postgres://",
      "postgres://db.internal:5432",
      "postgres://db.internal:99999/chat",
      "file:/var/lib/tawkster.db",
    ]) {
      assert.match(configError({ TAWKSTER_DATABASE_URL: url }), /^TAWKSTER_DATABASE_URL: /, url);
    }
  });

  test("secret values are never echoed in errors", () => {
    const shortKey = randomBytes(16).toString("hex");
    assert.doesNotMatch(configError({ TAWKSTER_MASTER_KEY: shortKey }), new RegExp(shortKey));
    assert.doesNotMatch(configError({ TAWKSTER_PREVIOUS_MASTER_KEYS: shortKey }), new RegExp(shortKey));
    assert.doesNotMatch(
      configError({ TAWKSTER_DATABASE_URL: "postgres://app:hunter2@db.internal:5432" }),
      /hunter2/,
    );
    assert.doesNotMatch(configError({ TAWKSTER_DATABASE_URL: "hunter2" }), /hunter2/);
    assert.doesNotMatch(configError({ TAWKSTER_REDIS_URL: "http://:hunter2@cache" }), /hunter2/);
  });

  test("secrets in the loaded config do not show when it is printed", () => {
    const config = loadConfig(
      {
        TAWKSTER_MASTER_KEY: key32.toString("hex"),
        TAWKSTER_PREVIOUS_MASTER_KEYS: key32.toString("hex"),
        TAWKSTER_DATABASE_URL: "postgres://app:hunter2@db/chat",
        TAWKSTER_REDIS_URL: "redis://:hunter2@cache",
      },
      { cwd },
    );
    for (const printed of [JSON.stringify(config), inspect(config, { depth: 5 }), `${config.masterKey}`]) {
      assert.doesNotMatch(printed, /hunter2/);
      assert.doesNotMatch(printed, new RegExp(key32.toString("hex")));
      assert.doesNotMatch(printed, /<Buffer/);
    }
  });

  test("several bad variables are all named, still on one line", () => {
    const message = configError({ TAWKSTER_PORT: "x", TAWKSTER_LOG_LEVEL: "loud" });
    assert.match(message, /^TAWKSTER_PORT: .*; TAWKSTER_LOG_LEVEL: /);
  });

  test("the hub and the demo page cannot share a port", () => {
    assert.equal(
      configError({ TAWKSTER_PORT: "3001" }),
      "TAWKSTER_PORT: must differ from TAWKSTER_DEMO_PORT (both are 3001)",
    );
    assert.equal(
      configError({ TAWKSTER_DEMO_PORT: "3000" }),
      "TAWKSTER_DEMO_PORT: must differ from TAWKSTER_PORT (both are 3000)",
    );
  });

  describe("writes nothing", () => {
    const parent = mkdtempSync(join(tmpdir(), "tawkster-config-"));
    after(() => rmSync(parent, { recursive: true, force: true }));

    test("neither when parsing succeeds nor when it fails", () => {
      const dataDir = join(parent, "data");
      loadConfig({ TAWKSTER_DATA_DIR: dataDir });
      configError({ TAWKSTER_DATA_DIR: dataDir, TAWKSTER_MASTER_KEY: "abcd" });
      configError({ TAWKSTER_DATA_DIR: dataDir, TAWKSTER_DATABASE_URL: "mysql://x" });
      assert.equal(existsSync(dataDir), false);
      assert.deepEqual(readdirSync(parent), []);
    });
  });
});
