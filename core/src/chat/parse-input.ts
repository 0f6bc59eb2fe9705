import type { z } from "zod";
import { AppError, describeZodError } from "../errors/app-error";

/**
 * Validates an operation's input, throwing AppError request.invalid naming the first bad field
 * (never echoing its value, which may be customer data).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("request.invalid", describeZodError(parsed.error), { cause: parsed.error });
  }
  return parsed.data;
}
