import type { TConfigEnv } from "@tawkster/core/config";
import { z } from "zod";
import type { TCliEnvironment } from "./cli-context";

/** How a command talks to the operator; injectable so tests can run commands in-process. */
export type TCliIo = TCliEnvironment & {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  stdin: NodeJS.ReadStream;
  env?: TConfigEnv;
};

/** One CLI command: its words (`site add`), one line for the command list, its help, and its work. */
export type TCommand = {
  name: string;
  summary: string;
  help: string;
  /** Resolves with the exit code; throws (CliError, AppError…) for a one-line failure. */
  run(argv: readonly string[], io: TCliIo): Promise<number>;
};

/** A required flag's value, validated by `schema`; missing, it says "is required" rather than zod's type talk. */
export function requiredFlag<S extends z.ZodType<unknown, string>>(schema: S) {
  return z.string({ error: "is required" }).pipe(schema);
}

/** A repeatable flag (`--domain a --domain b`), at least once. */
export function repeatedFlag<S extends z.ZodType<unknown, string>>(schema: S) {
  return z.array(z.string(), { error: "is required" }).min(1, "is required").pipe(z.array(schema));
}

/** `--as EMAIL`: the admin to act as (default: the only active admin). */
export const ZAsFlag = z.email("must be an email address").max(254).optional();

/** The help line every command that acts as an admin shows. */
export const AS_FLAG_HELP = "  --as EMAIL              act as this admin (default: the only active admin)";
