import type { TSiteRow } from "@tawkster/core/store";
import { checkVisitorToken, isOriginAllowed, type TWidgetRealtimeClientFrame } from "@tawkster/core/widget";
import { z } from "zod";
import type { TConnection, TSubscription, TWidgetVisitor } from "./connection";
import { pumpSubscription } from "./deliver-messages";
import type { TRealtimeContext } from "./realtime-context";
import { forgetMember, registerSubscription, unregisterSubscription } from "./registry";
import { sendErrorFrame } from "./send-frame";
import { CLOSE_WIDGET_REFUSED, closeConnection } from "./sign-out";

type TAuthFrame = Extract<TWidgetRealtimeClientFrame, { type: "auth" }>;

/** Only what is needed to know which site to check a token against; the MAC is verified after. */
const ZUnverifiedSite = z.object({ siteId: z.string().max(100) });

/**
 * Authenticates a widget connection with its first frame. The token must verify (signature,
 * expiry) for its site and for the page origin the frame names; that origin must still be one of
 * the site's allowed domains; and the connection's own Origin header must be the hub (the widget
 * frame is served by the hub) or that same page. A refusal is an error frame and a close: nothing
 * says which check failed.
 */
export async function authenticateWidget(
  context: TRealtimeContext,
  connection: TConnection,
  frame: TAuthFrame & { origin: string },
): Promise<void> {
  const now = context.hub.now();
  const isFromHub = context.hubOrigins.includes(connection.origin);
  const claimsSite = readUnverifiedSiteId(frame.visitorToken);
  const check =
    claimsSite === null
      ? null
      : checkVisitorToken(context.hub.widgetTokenKey, frame.visitorToken, {
          siteId: claimsSite,
          origin: frame.origin,
          now,
        });
  if (!(isFromHub || connection.origin === frame.origin) || check === null || !check.ok) {
    refuse(context, connection);
    return;
  }
  const { claims } = check;
  const scope = context.deps.store.scoped(claims.workspaceId);
  const [site, visitor] = await Promise.all([
    scope.sites.get(claims.siteId),
    scope.visitors.get(claims.visitorId),
  ]);
  const isAllowed =
    site !== null &&
    isOriginAllowed(site.allowedDomains, frame.origin) &&
    visitor !== null &&
    visitor.siteId === site.id;
  if (!isAllowed || connection.isClosed) {
    refuse(context, connection);
    return;
  }
  // A cookie-authenticated connection that speaks the widget protocol is a widget: the member's
  // session grants it nothing.
  forgetMember(context.registry, connection);
  if (connection.authTimer !== null) clearTimeout(connection.authTimer);
  connection.authTimer = null;
  connection.kind = "widget";
  connection.visitor = {
    actor: {
      type: "visitor",
      workspaceId: claims.workspaceId,
      visitorId: claims.visitorId,
      siteId: claims.siteId,
    },
    pageOrigin: frame.origin,
    expiresAt: claims.expiresAt.getTime(),
  };
}

/**
 * Follows the visitor's own conversation: a widget follows one at a time, so a new subscription
 * replaces the previous one. Core's `listMessages` refuses any conversation that is not theirs.
 */
export function subscribeWidget(
  context: TRealtimeContext,
  connection: TConnection,
  conversationId: string,
  afterSeq: number,
): void {
  for (const previous of [...(connection.subscriptions?.values() ?? [])]) {
    if (previous.conversationId !== conversationId) unregisterSubscription(context.registry, previous);
  }
  const subscription: TSubscription = {
    connection,
    conversationId,
    lastSeq: afterSeq,
    isStarted: false,
    isPumping: false,
    isDirty: false,
    isClosed: false,
  };
  registerSubscription(context.registry, subscription);
  void pumpSubscription(context, subscription);
}

/**
 * Whether a widget may stay connected: its token has not expired and its page is still one of the
 * site's allowed domains (an admin removing a domain cuts its live widgets too, not only new ones).
 */
export async function isWidgetStillAllowed(
  context: TRealtimeContext,
  connection: TConnection,
  now: Date,
): Promise<boolean> {
  return (await readWidgetSessionProblem(context, connection, now)) === null;
}

/**
 * What the widget API would answer this connection's visitor now, null when all is well: an
 * expired token (or none) is `auth.required`, a page no longer among the site's allowed domains
 * `access.origin_not_allowed`, as authenticateWidgetCall answers them over HTTP.
 */
export async function readWidgetSessionProblem(
  context: TRealtimeContext,
  connection: TConnection,
  now: Date,
): Promise<TWidgetSessionProblem> {
  const known = readWidgetSessionProblemNow(context, connection, now);
  const visitor = connection.visitor;
  if (known !== undefined || visitor === null) return known ?? "auth.required";
  // Through the access cache: a change to the site's domains empties it before it commits.
  return problemWithSite(visitor, await context.access.site(visitor.actor.workspaceId, visitor.actor.siteId));
}

type TWidgetSessionProblem = "auth.required" | "access.origin_not_allowed" | null;

/**
 * As `readWidgetSessionProblem`, without waiting when the site's row is at hand in the access
 * cache (every send of a chatting visitor but the first few); undefined when it must be read.
 */
export function readWidgetSessionProblemNow(
  context: TRealtimeContext,
  connection: TConnection,
  now: Date,
): TWidgetSessionProblem | undefined {
  const visitor = connection.visitor;
  if (visitor === null || now.getTime() >= visitor.expiresAt) return "auth.required";
  const site = context.access.siteNow(visitor.actor.workspaceId, visitor.actor.siteId);
  return site === undefined ? undefined : problemWithSite(visitor, site);
}

function problemWithSite(visitor: TWidgetVisitor, site: TSiteRow | null): TWidgetSessionProblem {
  if (site === null) return "auth.required";
  return isOriginAllowedMemo(site.allowedDomains, visitor.pageOrigin) ? null : "access.origin_not_allowed";
}

/**
 * Answers by allowed-domains list as read from the store: every send checks the page's origin, and
 * parsing the origin and every domain (punycode included) each time was a few percent of a
 * message's CPU. Keyed by the list itself, never by the site: a change to the site's domains is a
 * new row read (the access cache forgets the old one), hence a new list and a fresh answer.
 */
const originAnswers = new WeakMap<readonly string[], Map<string, boolean>>();

function isOriginAllowedMemo(allowedDomains: readonly string[], origin: string): boolean {
  let answers = originAnswers.get(allowedDomains);
  if (answers === undefined) {
    answers = new Map();
    originAnswers.set(allowedDomains, answers);
  }
  let isAllowed = answers.get(origin);
  if (isAllowed === undefined) {
    isAllowed = isOriginAllowed(allowedDomains, origin);
    // Bounded: a site's widgets are embedded by few distinct pages' origins.
    if (answers.size >= 100) answers.clear();
    answers.set(origin, isAllowed);
  }
  return isAllowed;
}

/** Ends a widget connection whose session is over; the widget reconnects and starts a new session. */
export function endWidgetSession(context: TRealtimeContext, connection: TConnection): void {
  sendErrorFrame(connection, "auth.required", "Your chat session ended. Please reload the page.");
  closeConnection(context, connection, CLOSE_WIDGET_REFUSED, "session ended");
}

function refuse(context: TRealtimeContext, connection: TConnection): void {
  connection.kind = "widget";
  sendErrorFrame(connection, "auth.required", "Your chat session is not valid here. Please reload the page.");
  closeConnection(context, connection, CLOSE_WIDGET_REFUSED, "refused");
}

function readUnverifiedSiteId(token: string): string | null {
  const payload = token.split(".")[1];
  if (payload === undefined) return null;
  try {
    const parsed = ZUnverifiedSite.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? parsed.data.siteId : null;
  } catch {
    return null;
  }
}
