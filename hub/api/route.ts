import type { z } from "zod";
import type { THub } from "../lib/hub-context";

export type THttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a route handler receives: the Web request, path parameters and the hub's services. */
export interface TRouteContext {
  request: Request;
  params: Readonly<Record<string, string>>;
  hub: THub;
  /** The caller's IP as the server saw it; used for rate limits and (anonymized) session lists. */
  clientIp: string | null;
}

/** One API route. Paths use `:name` segments; the table of all routes lives in api/routes/. */
export interface TRoute {
  method: THttpMethod;
  path: string;
  /** A short stable name for logs and the OpenAPI document (never includes request data). */
  name: string;
  handler(ctx: TRouteContext): Promise<Response>;
  // The fields below feed GET /api/v1/openapi.json. Optional in the type so a route can be written
  // before it is documented, but api/routes/openapi.test.ts fails for any route without `response`.
  /** One line for the API reference. */
  summary?: string;
  /** Who may call it: an agent's session cookie, a widget visitor token, or anyone. */
  auth?: "member" | "visitor" | "none";
  /** The JSON request body the handler reads (with readJson). */
  body?: z.ZodType;
  /** The query parameters the handler reads (with readQuery); an object schema of strings. */
  query?: z.ZodType;
  /** The success body the handler answers with (with respond). */
  response?: z.ZodType;
  /** The success status (default 200). */
  status?: number;
}
