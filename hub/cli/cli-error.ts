import { describeZodError, isAppError } from "@tawkster/core/errors";
import { z } from "zod";

/** A problem with what the operator asked for (a missing flag, an unknown name): exit 1, one line. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * One line describing anything thrown: our own and core's messages are written to be shown; an
 * unexpected error is named by its class and first line only, never with a stack.
 */
export function describeCliError(error: unknown): string {
  let text: string;
  if (error instanceof CliError || isAppError(error)) text = error.message;
  else if (error instanceof z.ZodError) text = describeZodError(error);
  else if (error instanceof Error) text = `unexpected ${error.name}: ${error.message.split("\n")[0] ?? ""}`;
  else text = "unexpected error";
  return text.replace(/\s*\n\s*/g, " ").trim();
}
