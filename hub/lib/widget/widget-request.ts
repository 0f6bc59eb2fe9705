import { AppError } from "@tawkster/core/errors";
import type { TVisitorActor } from "@tawkster/core/rbac";
import type { TSiteRow } from "@tawkster/core/store";
import {
  checkVisitorToken,
  isOriginAllowed,
  type TVisitorTokenClaims,
  verifyVisitorToken,
  WIDGET_ORIGIN_HEADER,
  ZVisitorToken,
  ZWidgetOrigin,
} from "@tawkster/core/widget";
import type { TRouteContext } from "../../api/route";
import { hubOriginsOf } from "../auth/hub-origin";
import type { THub } from "../hub-context";

/** The refusal for a call that does not come from the widget frame on an allowed website. */
export function originNotAllowed(): AppError {
  return new AppError("access.origin_not_allowed", "The chat is not available on this website.");
}

/** The refusal for a visitor token that does not (or no longer) verify; one message whatever the reason. */
export function authRequired(): AppError {
  return new AppError("auth.required", "Your chat session is not valid any more. Please reload the page.");
}

/**
 * The frame runs on the hub's origin, so its calls must say so in `Origin`. Browsers send `Origin`
 * on every POST and on every cross-origin request, and no page can forge it; a call from any
 * other page's script therefore fails here. One exception, forced by the Fetch standard: a
 * same-origin GET carries no `Origin` at all. A GET without it is accepted unless the browser's
 * `Sec-Fetch-Site` says it is not same-origin; a cross-origin page cannot send such a GET with
 * the Authorization and widget-origin headers anyway (they need CORS, which the hub never grants).
 */
export function assertFromHubOrigin(request: Request, hub: THub): void {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (!hubOriginsOf(hub.config).includes(origin)) throw originNotAllowed();
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") throw originNotAllowed();
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin") throw originNotAllowed();
}

/** The embedding page's origin from WIDGET_ORIGIN_HEADER, normalized; 403 when missing or malformed. */
export function readWidgetOrigin(request: Request): string {
  const parsed = ZWidgetOrigin.safeParse(request.headers.get(WIDGET_ORIGIN_HEADER) ?? "");
  if (!parsed.success) throw originNotAllowed();
  return parsed.data;
}

/** Who is calling, once the token and both origins were checked. */
export type TWidgetCaller = {
  actor: TVisitorActor;
  claims: TVisitorTokenClaims;
  site: TSiteRow;
  /** The embedding page's origin (normalized, allowed for the site, bound into the token). */
  origin: string;
};

/**
 * Checks a widget call that carries a visitor token (everything but the session call): `Origin`
 * is the hub's, the widget origin is allowed for the token's site (403 access.origin_not_allowed
 * otherwise), and the Bearer token verifies for that site and that origin (401 auth.required
 * otherwise, with one message whatever the reason).
 */
export async function authenticateWidgetCall(ctx: TRouteContext): Promise<TWidgetCaller> {
  const { request, hub } = ctx;
  assertFromHubOrigin(request, hub);
  const origin = readWidgetOrigin(request);
  const token = readBearerToken(request);
  // The token names its site; only its MAC (checked next) makes that trustworthy.
  const named = peekTokenBinding(token);
  if (named === null) throw authRequired();
  const now = hub.now();
  const check = checkVisitorToken(hub.widgetTokenKey, token, { ...named, now });
  if (!check.ok) throw authRequired();
  const site = await hub.store.scoped(check.claims.workspaceId).sites.get(check.claims.siteId);
  if (site === null) throw authRequired();
  // The site's domains are read afresh on every call: removing a domain ends its sessions at once.
  if (!isOriginAllowed(site.allowedDomains, origin)) throw originNotAllowed();
  const claims = verifyVisitorToken(hub.widgetTokenKey, token, { siteId: site.id, origin, now });
  return {
    actor: { type: "visitor", workspaceId: claims.workspaceId, visitorId: claims.visitorId, siteId: site.id },
    claims,
    site,
    origin,
  };
}

/** The token of `Authorization: Bearer …`; 401 when missing or not shaped like a visitor token. */
function readBearerToken(request: Request): string {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer ([^\s]+)$/.exec(header);
  const parsed = ZVisitorToken.safeParse(match?.[1]);
  if (!parsed.success) throw authRequired();
  return parsed.data;
}

/** The site and origin a token claims to be bound to, unverified; null when it does not parse. */
export function peekTokenBinding(token: string): { siteId: string; origin: string } | null {
  const payload = token.split(".")[1];
  if (payload === undefined) return null;
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof json !== "object" || json === null) return null;
    const { siteId, origin } = json as Record<string, unknown>;
    return typeof siteId === "string" && typeof origin === "string" ? { siteId, origin } : null;
  } catch {
    return null;
  }
}
