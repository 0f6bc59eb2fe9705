import type { IncomingMessage } from "node:http";
import type { TErrorCode } from "@tawkster/core/errors";
import { normalizeOrigin } from "@tawkster/core/widget";
import { authCookieNames, readCookie } from "../lib/auth/auth-cookies";
import { resolveMember } from "../lib/auth/resolve-member";
import type { TConsoleMember } from "./connection";
import type { TRealtimeContext } from "./realtime-context";

/** Whether to upgrade, and as whom; or the HTTP status to refuse with, before any WebSocket exists. */
export type TUpgradeDecision =
  | { ok: true; origin: string; member: TConsoleMember | null }
  | { ok: false; status: 401 | 403; code: TErrorCode; message: string };

/**
 * Decides an upgrade to /api/v1/realtime from its headers alone:
 * - no usable `Origin` header: 403 (browsers always send one on a WebSocket handshake);
 * - an agent's session cookie: the Origin must be the hub's own, else 403 — a page on another site
 *   must never ride an agent's cookie into a live feed (Cross-Site WebSocket Hijacking); the
 *   session must be valid (401) and the member past any required second-factor enrolment (403);
 * - no session cookie: upgraded without identity. The widget (its frame is served by the hub, so
 *   it shares this origin and path) then has 10 s to send its `auth` frame; a console in that state
 *   gets `signed-out` on its first frame.
 */
export async function decideUpgrade(
  context: TRealtimeContext,
  request: IncomingMessage,
): Promise<TUpgradeDecision> {
  const header = request.headers.origin;
  const origin = typeof header === "string" ? normalizeOrigin(header) : null;
  if (origin === null) {
    return {
      ok: false,
      status: 403,
      code: "access.origin_not_allowed",
      message: "A realtime connection needs an Origin.",
    };
  }
  const cookie = request.headers.cookie ?? null;
  if (readCookie(cookie, authCookieNames(context.hub.config).session) === null)
    return { ok: true, origin, member: null };
  if (!context.hubOrigins.includes(origin)) {
    return {
      ok: false,
      status: 403,
      code: "access.origin_not_allowed",
      message: "This connection must come from a Tawkster page.",
    };
  }
  const signedIn = await resolveMember(context.hub, toWebRequest(request, origin, cookie ?? ""));
  if (signedIn === null)
    return { ok: false, status: 401, code: "auth.required", message: "Sign in to continue." };
  if (signedIn.mustEnrollTwoFactor) {
    return {
      ok: false,
      status: 403,
      code: "access.denied",
      message: "Set up two-factor authentication first.",
    };
  }
  return {
    ok: true,
    origin,
    member: {
      workspaceId: signedIn.actor.workspaceId,
      memberId: signedIn.actor.memberId,
      sessionId: signedIn.session.id,
    },
  };
}

/** The upgrade request as the Web `Request` the auth resolver reads (its cookie is all it needs). */
function toWebRequest(request: IncomingMessage, origin: string, cookie: string): Request {
  const headers = new Headers({ cookie, origin });
  const userAgent = request.headers["user-agent"];
  if (typeof userAgent === "string") headers.set("user-agent", userAgent);
  return new Request(new URL(request.url ?? "/", origin), { headers });
}
