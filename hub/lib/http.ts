import { AppError, toErrorResponse } from "@tawkster/core/errors";
import { retryAfterOf } from "@tawkster/core/ratelimit";

/** A JSON response that no cache may keep (API answers can be personal or short-lived). */
export function jsonResponse(body: unknown, init: { status?: number } = {}): Response {
  return Response.json(body, {
    status: init.status ?? 200,
    headers: { "Cache-Control": "no-store" },
  });
}

/**
 * Turns anything thrown into the `{ error: { code, message } }` shape with its status; an error
 * carrying `retryAfterSeconds` (rate limits, account lockouts) also sets `Retry-After`.
 */
export function errorResponse(error: unknown): Response {
  const { status, body } = toErrorResponse(error);
  const response = jsonResponse(body, { status });
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== null && status === 429) response.headers.set("Retry-After", String(retryAfter));
  return response;
}

/** The 404 for an API path that does not exist (the path is not echoed back). */
export function notFoundResponse(): Response {
  return errorResponse(new AppError("resource.not_found", "There is no API route at this path."));
}
