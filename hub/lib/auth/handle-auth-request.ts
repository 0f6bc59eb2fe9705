import { SIGN_IN_FAILED_MESSAGE, toSignInError } from "@tawkster/core/auth";
import { AppError } from "@tawkster/core/errors";
import { rateLimitedError } from "@tawkster/core/ratelimit";
import { errorResponse, jsonResponse } from "../http";
import type { THub } from "../hub-context";
import { parseCookies } from "./auth-cookies";
import { buildAuthOptions } from "./auth-options";
import { authLimitersOf } from "./auth-state";
import { clientIpOf } from "./client-ip";
import { assertSameOrigin, hubOriginsOf } from "./hub-origin";
import { runNextAuth, type TNextAuthOutput } from "./run-next-auth";
import { withSignInAttempt } from "./sign-in-attempt";

/** Largest sign-in or sign-out body read: three short fields and a token. */
const MAX_BODY_BYTES = 16 * 1024;
/** The fields next-auth may see; anything else (callbackUrl, json…) is dropped before it does. */
const BODY_FIELDS = ["email", "password", "code", "csrfToken"] as const;

/**
 * Serves `/api/auth/*` with next-auth, narrowed to what the hub uses and answering JSON in the
 * one error shape:
 * - `GET /api/auth/csrf` — the CSRF token for the forms (double-submit cookie);
 * - `POST /api/auth/callback/credentials` — sign in: 200 `{ ok, url }` with the session cookie;
 *   401 auth.invalid_credentials (one message for every failure), 401
 *   auth.second_factor_required, 429 auth.locked or rate.limited with `Retry-After`;
 * - `POST /api/auth/signout` — ends the session (its row is revoked);
 * - other GETs redirect to /signin; everything else is 404.
 * POSTs must come from the hub's own origin and pass next-auth's CSRF check; sign-in attempts are
 * limited to 20 a minute per client IP.
 */
export async function handleAuthRequest(hub: THub, request: Request): Promise<Response> {
  try {
    return await route(hub, request);
  } catch (error) {
    return errorResponse(error);
  }
}

async function route(hub: THub, request: Request): Promise<Response> {
  const segments = new URL(request.url).pathname.split("/").slice(3).filter(Boolean);
  const [action, providerId, ...rest] = segments;
  const key = `${request.method} ${action ?? ""}${providerId === undefined ? "" : `/${providerId}`}`;
  if (rest.length > 0) throw new AppError("resource.not_found", "There is no API route at this path.");
  switch (key) {
    case "GET csrf":
      return passThrough(await callNextAuth(hub, request, "csrf", undefined, {}));
    case "POST callback/credentials":
      return signInRoute(hub, request);
    case "POST signout":
      return signOutRoute(hub, request);
    default:
      if (request.method === "GET" || request.method === "HEAD") {
        return new Response(null, {
          status: 303,
          headers: { Location: "/signin", "Cache-Control": "no-store" },
        });
      }
      throw new AppError("resource.not_found", "There is no API route at this path.");
  }
}

async function signInRoute(hub: THub, request: Request): Promise<Response> {
  assertSameOrigin(request, hubOriginsOf(hub.config));
  const clientIp = clientIpOf(request);
  const decision = authLimitersOf(hub).signIn.take(`ip:${clientIp ?? "unknown"}`);
  if (!decision.ok) {
    throw rateLimitedError(
      decision.retryAfterSeconds,
      "Too many sign-in attempts from your network — try again later.",
    );
  }
  const body = await readBody(request);
  const { value: output, attempt } = await withSignInAttempt(
    { clientIp, userAgent: request.headers.get("user-agent") },
    () => callNextAuth(hub, request, "callback", "credentials", body),
  );
  if (isCsrfFailure(output)) return csrfFailure(output);
  const result = attempt.result;
  if (result === null || !result.ok) {
    const error =
      result === null
        ? new AppError("auth.invalid_credentials", SIGN_IN_FAILED_MESSAGE)
        : toSignInError(result);
    return withCookies(errorResponse(error), output);
  }
  const url = result.mustEnrollTwoFactor ? "/account/security" : "/console";
  return withCookies(jsonResponse({ ok: true, url }), output);
}

async function signOutRoute(hub: THub, request: Request): Promise<Response> {
  assertSameOrigin(request, hubOriginsOf(hub.config));
  const output = await callNextAuth(hub, request, "signout", undefined, await readBody(request));
  if (isCsrfFailure(output)) return csrfFailure(output);
  return withCookies(jsonResponse({ ok: true, url: "/signin" }), output);
}

function callNextAuth(
  hub: THub,
  request: Request,
  action: string,
  providerId: string | undefined,
  body: Record<string, string>,
): Promise<TNextAuthOutput> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return runNextAuth(buildAuthOptions(hub), {
    method: request.method === "POST" ? "POST" : "GET",
    action,
    providerId,
    body,
    cookies: parseCookies(request.headers.get("cookie")),
    headers,
  });
}

/** Reads a form or JSON body, keeping only the known string fields. */
async function readBody(request: Request): Promise<Record<string, string>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("request.too_large", "The request body is too large.");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new AppError("request.too_large", "The request body is too large.");
  const type = request.headers.get("content-type") ?? "";
  let fields: Record<string, unknown>;
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    fields = Object.fromEntries(new URLSearchParams(text));
  } else if (/^application\/json\b/i.test(type)) {
    try {
      const parsed: unknown = JSON.parse(text);
      fields =
        typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : {};
    } catch {
      throw new AppError("request.invalid", "The request body is not valid JSON.");
    }
  } else {
    throw new AppError(
      "request.unsupported_media_type",
      "Send the form as application/x-www-form-urlencoded or JSON.",
    );
  }
  const body: Record<string, string> = {};
  for (const field of BODY_FIELDS) {
    const value = fields[field];
    if (typeof value === "string") body[field] = value;
  }
  return body;
}

function isCsrfFailure(output: TNextAuthOutput): boolean {
  return output.redirect?.includes("csrf=true") ?? false;
}

function csrfFailure(output: TNextAuthOutput): Response {
  return withCookies(
    errorResponse(new AppError("access.denied", "This form expired. Reload the page and try again.")),
    output,
  );
}

function passThrough(output: TNextAuthOutput): Response {
  if (output.status >= 500) throw new AppError("internal.error", "Sign-in is not available right now.");
  return withCookies(jsonResponse(output.body ?? {}, { status: output.status }), output);
}

/** Copies next-auth's cookies (session, CSRF) onto the hub's own response. */
function withCookies(response: Response, output: TNextAuthOutput): Response {
  for (const cookie of output.setCookies) response.headers.append("Set-Cookie", cookie);
  return response;
}
