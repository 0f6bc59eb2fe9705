import { AppError } from "@tawkster/core/errors";
import { errorResponse } from "../lib/http";
import type { THub } from "../lib/hub-context";
import type { TRoute } from "./route";

type TMatch = { route: TRoute; params: Record<string, string> } | { methods: string[] } | null;

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w.startsWith(":")) {
      if (g === "") return null;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}

/** Finds the route for a method and path; `{ methods }` when only the method is wrong. */
export function matchRoute(routes: readonly TRoute[], method: string, path: string): TMatch {
  const methods: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method || (method === "HEAD" && route.method === "GET")) return { route, params };
    methods.push(route.method);
  }
  return methods.length > 0 ? { methods } : null;
}

/**
 * Runs the route for a request. Every failure becomes the one JSON error shape; only unexpected
 * ones are logged, by route name and error class — never with the request's data.
 */
export async function dispatch(
  routes: readonly TRoute[],
  request: Request,
  hub: THub,
  clientIp: string | null,
): Promise<Response> {
  const path = new URL(request.url).pathname;
  const match = matchRoute(routes, request.method, path);
  if (match === null) {
    return errorResponse(new AppError("resource.not_found", "There is no API route at this path."));
  }
  if ("methods" in match) {
    const response = errorResponse(
      new AppError("request.method_not_allowed", "This method is not allowed here."),
    );
    response.headers.set("Allow", match.methods.join(", "));
    return response;
  }
  try {
    return await match.route.handler({ request, params: match.params, hub, clientIp });
  } catch (error) {
    const response = errorResponse(error);
    if (response.status >= 500) {
      console.error(`route ${match.route.name} failed: ${error instanceof Error ? error.name : "unknown"}`);
    }
    return response;
  }
}
