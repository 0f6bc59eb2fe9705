import { AppError, describeZodError } from "@tawkster/core/errors";
import type { z } from "zod";
import { jsonResponse } from "../lib/http";
import { MAX_BODY_BYTES } from "../lib/node-web";

/**
 * Reads a JSON body of at most MAX_BODY_BYTES (413 beyond, counted while reading, so a body that
 * lies about its length is cut off too) and parses it with its schema (400 in the error shape).
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("request.unsupported_media_type", "Send the request body as application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body !== null) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    throw new AppError("request.invalid", "The request body is not valid JSON.");
  }
  return parseInput(schema, data);
}

function tooLarge(): AppError {
  return new AppError("request.too_large", "The request body is too large.");
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
