import { parseArgs } from "node:util";
import { describeZodError } from "@tawkster/core/errors";
import type { z } from "zod";
import { CliError } from "./cli-error";

/** How one flag is read: a value (`--name Acme`), a repeatable value, or a switch. */
export type TOptionSpec = { type: "string"; multiple?: boolean } | { type: "boolean" };

/**
 * Reads `--flag value` options with node's parseArgs (unknown flags and missing values refused),
 * then validates them with the command's zod schema. Flag names are kebab-case; the schema sees
 * them camelCased (`--password-stdin` → `passwordStdin`). Problems become one-line CliErrors.
 */
export function parseOptions<S extends z.ZodType>(
  argv: readonly string[],
  specs: Readonly<Record<string, TOptionSpec>>,
  schema: S,
): z.infer<S> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: { ...specs, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new CliError(describeParseError(error));
  }
  const camel: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name !== "help") camel[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  const parsed = schema.safeParse(camel);
  if (!parsed.success) throw new CliError(toFlagMessage(describeZodError(parsed.error)));
  return parsed.data;
}

/** Whether the arguments ask for help (checked before validation, so `--help` always works). */
export function isHelpRequested(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/** "passwordStdin: …" → "--password-stdin: …", so the message names the flag the operator typed. */
function toFlagMessage(message: string): string {
  return message.replace(
    /^([a-zA-Z]+)(\.\d+)?:/,
    (_, name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:`,
  );
}

function describeParseError(error: unknown): string {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  const message = error instanceof Error ? error.message : "";
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${flag ?? ""}`.trim();
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ""}; options take the form --name value`.trim();
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return `${flag ?? "an option"} needs a value`;
  return message.split("\n")[0] ?? "invalid arguments";
}
