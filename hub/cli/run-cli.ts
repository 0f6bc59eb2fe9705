import { describeCliError } from "./cli-error";
import type { TCliIo, TCommand } from "./command";
import { auditVerifyCommand } from "./commands/audit-verify";
import { eraseCommand } from "./commands/erase";
import { exportCommand } from "./commands/export";
import { keysRotateCommand } from "./commands/keys-rotate";
import { memberAddCommand } from "./commands/member-add";
import { memberSetPasswordCommand } from "./commands/member-set-password";
import { purgeCommand } from "./commands/purge";
import { setupCommand } from "./commands/setup";
import { siteAddCommand } from "./commands/site-add";
import { isHelpRequested } from "./parse-options";

/** Every command, in the order `tawkster --help` lists them. */
export const COMMANDS: readonly TCommand[] = [
  setupCommand,
  siteAddCommand,
  memberAddCommand,
  memberSetPasswordCommand,
  auditVerifyCommand,
  keysRotateCommand,
  purgeCommand,
  eraseCommand,
  exportCommand,
];

/**
 * Runs one CLI invocation and resolves with its exit code: 0 on success, 1 with one line on
 * stderr naming the problem (never a stack trace), help on stdout for `--help`.
 */
export async function runCli(argv: readonly string[], io: TCliIo): Promise<number> {
  const command = findCommand(argv);
  if (command === null) {
    const isHelp = argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help";
    if (isHelp) {
      io.stdout(describeCommands());
      return 0;
    }
    io.stderr(`tawkster: unknown command "${argv.slice(0, 2).join(" ")}" (see tawkster --help)`);
    return 1;
  }
  const rest = argv.slice(command.name.split(" ").length);
  if (isHelpRequested(rest)) {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`tawkster ${command.name}: ${describeCliError(error)}`);
    return 1;
  }
}

function findCommand(argv: readonly string[]): TCommand | null {
  return COMMANDS.find((c) => c.name.split(" ").every((word, i) => argv[i] === word)) ?? null;
}

function describeCommands(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    "Usage: tawkster <command> [options]   (tawkster <command> --help for its options)",
    "",
    "Runs against the hub's own configuration (the TAWKSTER_* variables) and database.",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
  ].join("\n");
}
