import { AppError, describeZodError } from "@tawkster/core/errors";
import type { z } from "zod";
import { jsonResponse } from "../lib/http";

/** Parses a JSON request body with its schema; any problem is a 4xx in the one error shape. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("request.unsupported_media_type", "Send the request body as application/json.");
  }
  let data: unknown;
  try {
    data = await request.json();
  } catch {
    throw new AppError("request.invalid", "The request body is not valid JSON.");
  }
  return parseInput(schema, data);
}

/** Parses query parameters (all strings) with a schema that coerces what it needs. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  return parseInput(schema, Object.fromEntries(new URL(request.url).searchParams));
}

function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new AppError("request.invalid", describeZodError(parsed.error));
  return parsed.data;
}

/**
 * Answers with data checked against its response schema: what leaves the hub is exactly what the
 * schema names, so a stored secret added to a record by mistake can never reach a client.
 */
export function respond<S extends z.ZodType>(schema: S, data: z.input<S>, status = 200): Response {
  return jsonResponse(schema.parse(data), { status });
}
