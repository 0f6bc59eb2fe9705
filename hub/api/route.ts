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
}
