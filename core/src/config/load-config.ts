import { isIP } from "node:net";
import { join, resolve } from "node:path";
import { z } from "zod";
import { AppError } from "../errors";
import { decodeMasterKey } from "./key-encoding";
import { Redacted } from "./redacted";

export const ZLogLevel = z.enum(["debug", "info", "warn", "error"]);
export type TLogLevel = z.infer<typeof ZLogLevel>;

/** Where the data lives: an embedded SQLite file (absolute path) or a PostgreSQL server. */
export type TDatabaseConfig =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: Redacted<string> };

/** The validated configuration of a Tawkster process. Secrets are wrapped in `Redacted`. */
export type TConfig = Readonly<{
  /** Absolute directory for the SQLite file and the generated master key. */
  dataDir: string;
  database: TDatabaseConfig;
  /** The key from TAWKSTER_MASTER_KEY, or null to use (or create) `<dataDir>/master.key`. */
  masterKey: Redacted<Buffer> | null;
  /** Keys from TAWKSTER_PREVIOUS_MASTER_KEYS, still accepted for decryption during rotation. */
  previousMasterKeys: readonly Redacted<Buffer>[];
  port: number;
  host: string;
  /** The URL visitors and agents reach the hub at, without a trailing slash, or null. */
  publicUrl: string | null;
  demoPort: number;
  redisUrl: Redacted<string> | null;
  retentionIntervalMinutes: number;
  logLevel: TLogLevel;
}>;

/** The variables as read from the environment (values may be missing or of any text). */
export type TConfigEnv = Readonly<Record<string, string | undefined>>;

/** The values used for variables that are not set. */
export const DEFAULTS = {
  dataDir: "./data",
  databaseFile: "tawkster.db",
  port: 3000,
  host: "127.0.0.1",
  demoPort: 3001,
  retentionIntervalMinutes: 60,
  logLevel: "info",
} as const;

type TParsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): TParsed<T> => ({ ok: true, value });
const fail = (problem: string): TParsed<never> => ({ ok: false, problem });

/** Quotes a non-secret value for an error message: short, and always on one line. */
function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * One environment variable: unset or blank means "use the default"; otherwise `parse` decides,
 * and its problem becomes the issue message (the path names the variable).
 */
function envVar<T>(parse: (text: string) => TParsed<T>) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T | undefined => {
      const text = raw?.trim();
      if (text === undefined || text === "") return undefined;
      const parsed = parse(text);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    });
}

function parseInteger(min: number, max: number, what: string) {
  return (text: string): TParsed<number> => {
    const value = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isInteger(value) && value >= min && value <= max) return ok(value);
    return fail(`must be ${what} from ${min} to ${max} (got ${shown(text)})`);
  };
}

const parsePort = parseInteger(1, 65_535, "a port number");

/** `URL.parse` arrived in Node 20.18; this works on every Node 20. */
function tryParseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function parsePath(text: string): TParsed<string> {
  return text.includes("\0") ? fail("must be a path without NUL characters") : ok(text);
}

type TRawDatabase = { kind: "sqlite"; path: string } | { kind: "postgres"; url: Redacted<string> };

const DATABASE_FORMS = "sqlite:/absolute/path.db, sqlite:relative/path.db or postgres://user@host:port/db";

function parseDatabaseUrl(text: string): TParsed<TRawDatabase> {
  if (text.startsWith("sqlite:")) {
    const path = text.slice("sqlite:".length);
    if (path === "" || path.startsWith("//") || path === ":memory:" || path.includes("\0")) {
      return fail(`must be ${DATABASE_FORMS} (got a sqlite: URL without a usable file path)`);
    }
    return ok({ kind: "sqlite", path });
  }
  if (/^postgres(ql)?:\/\//i.test(text)) {
    // The URL may carry a password: no part of it is ever repeated in a message.
    const url = tryParseUrl(text);
    if (url === null || url.hostname === "") return fail("is not a valid postgres:// URL (no host)");
    if (url.pathname.length <= 1) return fail("must name the database, as in postgres://user@host:port/db");
    return ok({ kind: "postgres", url: new Redacted(text) });
  }
  const scheme = /^([a-z][a-z0-9+.-]{0,20}):/i.exec(text)?.[1];
  return fail(`must be ${DATABASE_FORMS}${scheme ? ` (got a ${scheme}: URL)` : ""}`);
}

function parseMasterKey(text: string): TParsed<Redacted<Buffer>> {
  const decoded = decodeMasterKey(text);
  return decoded.ok ? ok(new Redacted(decoded.key)) : fail(decoded.problem);
}

function parsePreviousMasterKeys(text: string): TParsed<Redacted<Buffer>[]> {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const keys: Redacted<Buffer>[] = [];
  for (const [index, part] of parts.entries()) {
    const decoded = decodeMasterKey(part);
    if (!decoded.ok) return fail(`key ${index + 1} of ${parts.length} ${decoded.problem}`);
    keys.push(new Redacted(decoded.key));
  }
  return ok(keys);
}

function parseHost(text: string): TParsed<string> {
  const isHostName =
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
  if (isIP(text) !== 0 || isHostName.test(text)) return ok(text);
  return fail(`must be a host name or an IP address such as 127.0.0.1 or 0.0.0.0 (got ${shown(text)})`);
}

function parsePublicUrl(text: string): TParsed<string> {
  const url = tryParseUrl(text);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return fail("must be an http:// or https:// URL, as in https://chat.example.com");
  }
  if (url.username !== "" || url.password !== "") return fail("must not contain a user name or password");
  if (url.search !== "" || url.hash !== "") return fail("must not contain a query or a fragment");
  return ok(`${url.origin}${url.pathname.replace(/\/+$/, "")}`);
}

function parseRedisUrl(text: string): TParsed<Redacted<string>> {
  // May carry a password: never repeated in a message.
  const url = tryParseUrl(text);
  if (url === null || (url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
    return fail("must be a redis:// or rediss:// URL with a host, as in redis://localhost:6379");
  }
  return ok(new Redacted(text));
}

function parseLogLevel(text: string): TParsed<TLogLevel> {
  const level = ZLogLevel.safeParse(text.toLowerCase());
  return level.success
    ? ok(level.data)
    : fail(`must be one of debug, info, warn, error (got ${shown(text)})`);
}

/**
 * The environment variables Tawkster reads, each parsed on its own so that an error names its
 * variable. Unset or blank variables come out as `undefined`; `loadConfig` applies the defaults.
 */
export const ZConfigEnv = z
  .object({
    TAWKSTER_DATA_DIR: envVar(parsePath),
    TAWKSTER_DATABASE_URL: envVar(parseDatabaseUrl),
    TAWKSTER_MASTER_KEY: envVar(parseMasterKey),
    TAWKSTER_PREVIOUS_MASTER_KEYS: envVar(parsePreviousMasterKeys),
    TAWKSTER_PORT: envVar(parsePort),
    TAWKSTER_HOST: envVar(parseHost),
    TAWKSTER_PUBLIC_URL: envVar(parsePublicUrl),
    TAWKSTER_DEMO_PORT: envVar(parsePort),
    TAWKSTER_REDIS_URL: envVar(parseRedisUrl),
    TAWKSTER_RETENTION_INTERVAL_MINUTES: envVar(parseInteger(1, 10_080, "a whole number of minutes")),
    TAWKSTER_LOG_LEVEL: envVar(parseLogLevel),
  })
  .superRefine((env, ctx) => {
    const port = env.TAWKSTER_PORT ?? DEFAULTS.port;
    const demoPort = env.TAWKSTER_DEMO_PORT ?? DEFAULTS.demoPort;
    if (port === demoPort) {
      ctx.addIssue({
        code: "custom",
        path: [env.TAWKSTER_DEMO_PORT === undefined ? "TAWKSTER_PORT" : "TAWKSTER_DEMO_PORT"],
        message: `must differ from ${env.TAWKSTER_DEMO_PORT === undefined ? "TAWKSTER_DEMO_PORT" : "TAWKSTER_PORT"} (both are ${port})`,
      });
    }
  });

/** One line naming each invalid variable and what is wrong with it. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = issue.path.length > 0 ? issue.path.map(String).join(".") : "environment";
      return `${name}: ${issue.message}`.replace(/\s*\n\s*/g, " ");
    })
    .join("; ");
}

/**
 * Reads and validates the configuration from environment variables. Pure: it writes nothing and
 * touches no file; relative paths are resolved against `options.cwd` (default `process.cwd()`).
 * Throws `AppError("config.invalid")` whose message is one line naming every invalid variable and
 * what is wrong, without repeating any secret.
 *
 * @example
 * const config = loadConfig(); // from process.env
 * const config = loadConfig({ TAWKSTER_PORT: "8080" }, { cwd: "/srv/tawkster" });
 * config.database; // { kind: "sqlite", path: "/srv/tawkster/data/tawkster.db" }
 */
export function loadConfig(env: TConfigEnv = process.env, options: { cwd?: string } = {}): TConfig {
  const parsed = ZConfigEnv.safeParse(env);
  if (!parsed.success) throw new AppError("config.invalid", describeIssues(parsed.error));
  const vars = parsed.data;
  const cwd = options.cwd ?? process.cwd();
  const dataDir = resolve(cwd, vars.TAWKSTER_DATA_DIR ?? DEFAULTS.dataDir);
  const database: TDatabaseConfig =
    vars.TAWKSTER_DATABASE_URL === undefined
      ? { kind: "sqlite", path: join(dataDir, DEFAULTS.databaseFile) }
      : vars.TAWKSTER_DATABASE_URL.kind === "sqlite"
        ? { kind: "sqlite", path: resolve(cwd, vars.TAWKSTER_DATABASE_URL.path) }
        : vars.TAWKSTER_DATABASE_URL;
  return Object.freeze({
    dataDir,
    database,
    masterKey: vars.TAWKSTER_MASTER_KEY ?? null,
    previousMasterKeys: Object.freeze(vars.TAWKSTER_PREVIOUS_MASTER_KEYS ?? []),
    port: vars.TAWKSTER_PORT ?? DEFAULTS.port,
    host: vars.TAWKSTER_HOST ?? DEFAULTS.host,
    publicUrl: vars.TAWKSTER_PUBLIC_URL ?? null,
    demoPort: vars.TAWKSTER_DEMO_PORT ?? DEFAULTS.demoPort,
    redisUrl: vars.TAWKSTER_REDIS_URL ?? null,
    retentionIntervalMinutes: vars.TAWKSTER_RETENTION_INTERVAL_MINUTES ?? DEFAULTS.retentionIntervalMinutes,
    logLevel: vars.TAWKSTER_LOG_LEVEL ?? DEFAULTS.logLevel,
  });
}
