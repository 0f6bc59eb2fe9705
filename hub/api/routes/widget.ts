// The widget API: what the chat frame (hub/widget/frame) calls, on the hub's own origin. The
// request and response schemas are core's fixed widget protocol (core/src/widget/api-schemas.ts),
// checked in both directions. Every call passes three gates before anything is read or written:
//   1. `Origin` is the hub's own (the frame runs there; a script on any other page is refused),
//   2. `Tawkster-Widget-Origin`, the page embedding the frame, is allowed for the site,
//   3. the visitor token (Bearer; in the body for the session call) verifies for that site and
//      that origin.
// A failure of 1 or 2 is 403 access.origin_not_allowed; of 3, 401 auth.required.
import {
  listMessages,
  listOwnConversations,
  resolveVisitor,
  startConversation,
  type TChatDeps,
} from "@tawkster/core/chat";
import { AppError } from "@tawkster/core/errors";
import { assertWithinRate } from "@tawkster/core/ratelimit";
import type { TConversation } from "@tawkster/core/schemas";
import { openSealedVisitor } from "@tawkster/core/store";
import {
  checkVisitorToken,
  isIdentityHashValid,
  isOriginAllowed,
  WIDGET_API_PATHS,
  ZWidgetConsentRequest,
  ZWidgetConsentResponse,
  ZWidgetListMessagesQuery,
  ZWidgetListMessagesResponse,
  ZWidgetSendMessageRequest,
  ZWidgetSendMessageResponse,
  ZWidgetSessionRequest,
  ZWidgetSessionResponse,
  ZWidgetStartConversationRequest,
  ZWidgetStartConversationResponse,
} from "@tawkster/core/widget";
import { getSiteByKey, unsafeReadSiteIdentitySecret } from "@tawkster/core/workspace";
import type { z } from "zod";
import { jsonResponse } from "../../lib/http";
import type { THub } from "../../lib/hub-context";
import { toWidgetConversation, toWidgetMessages } from "../../lib/shape-messages";
import { sendWidgetMessage } from "../../lib/widget/send-widget-message";
import { issueVisitorToken } from "../../lib/widget/visitor-tokens";
import {
  assertFromHubOrigin,
  authenticateWidgetCall,
  originNotAllowed,
  readWidgetOrigin,
} from "../../lib/widget/widget-request";
import { widgetStateOf } from "../../lib/widget/widget-state";
import { readJson, readQuery } from "../io";
import type { TRoute, TRouteContext } from "../route";

function chatDepsOf(hub: THub): TChatDeps {
  return { store: hub.store, vault: hub.vault, bus: hub.bus, now: hub.now };
}

/** Answers with data checked against its response schema; a mismatch is our bug, so a 500. */
function respond<S extends z.ZodType>(schema: S, data: z.input<S>, status = 200): Response {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new AppError("internal.error", "Something went wrong on our side.", { cause: parsed.error });
  }
  return jsonResponse(parsed.data, { status });
}

/** A site that is not (or no longer) there: the same answer as a key that never existed. */
function siteNotFound(): AppError {
  return new AppError("resource.not_found", "This chat is not available.");
}

function latestActive(conversations: readonly TConversation[]): TConversation | null {
  // listOwnConversations answers newest activity first.
  return conversations.find((conversation) => conversation.status !== "closed") ?? null;
}

/**
 * POST /api/v1/widget/session — starts or resumes the visitor's session.
 *
 * - The token in the body continues its visitor only if it verifies for this site and origin;
 *   any other token (expired, foreign, forged) simply starts a new visitor.
 * - An identity whose `userHash` verifies with the site's identity secret is verified. One that
 *   does not is kept as a claim (verified: false), not refused: the chat keeps working while a
 *   site fixes its secret (say, after a rotation), agents see the claim marked as unverified, and
 *   core never lets an unverified claim continue or overwrite a verified visitor, so a forged hash
 *   gains nothing a visitor could not type into the chat anyway.
 * - Consent: the value sent, else what the visitor gave before (a page that has not asked its
 *   consent manager yet must not record a revocation). The token persists (30 days, for
 *   localStorage) only with functional consent on a site whose consent mode allows it; otherwise
 *   it is a tab-session token (12 hours, for sessionStorage).
 */
async function startSession(ctx: TRouteContext): Promise<Response> {
  const { request, hub, clientIp } = ctx;
  const state = widgetStateOf(hub);
  assertWithinRate(state.sessions.take(`ip:${clientIp ?? "unknown"}`));
  assertFromHubOrigin(request, hub);
  const origin = readWidgetOrigin(request);
  const input = await readJson(request, ZWidgetSessionRequest);
  const deps = chatDepsOf(hub);
  const site = await getSiteByKey(deps, input.siteKey);
  if (site === null) throw siteNotFound();
  if (!isOriginAllowed(site.allowedDomains, origin)) throw originNotAllowed();
  const scope = hub.store.scoped(site.workspaceId);

  let visitorId: string | null = null;
  if (input.visitorToken !== undefined) {
    const check = checkVisitorToken(hub.widgetTokenKey, input.visitorToken, {
      siteId: site.id,
      origin,
      now: hub.now(),
    });
    if (check.ok && check.claims.workspaceId === site.workspaceId) visitorId = check.claims.visitorId;
  }

  let consentFunctional = input.consent?.functional;
  if (consentFunctional === undefined) {
    const known = visitorId === null ? null : await scope.visitors.get(visitorId);
    consentFunctional = known !== null && known.siteId === site.id && known.consentFunctional;
  }

  let identity: { email: string; name: string | null; verified: boolean } | null = null;
  if (input.identity !== undefined) {
    const row = await scope.sites.get(site.id);
    if (row === null) throw siteNotFound();
    const secret = await unsafeReadSiteIdentitySecret(deps, row);
    const { email, name, userHash } = input.identity;
    identity = {
      email,
      name: name ?? null,
      verified: secret !== null && isIdentityHashValid(secret, email, userHash),
    };
  }

  const resolved = await resolveVisitor(deps, {
    site,
    visitorId,
    identity,
    ip: clientIp,
    consentFunctional,
  });
  const persistent = site.consentMode === "functional-with-consent" && resolved.visitor.consent.functional;
  const visitorToken = issueVisitorToken(hub, {
    workspaceId: site.workspaceId,
    siteId: site.id,
    visitorId: resolved.visitor.id,
    origin,
    persistent,
  });
  const conversation = latestActive(await listOwnConversations(deps, resolved.actor));
  return respond(ZWidgetSessionResponse, {
    visitorToken,
    visitorId: resolved.visitor.id,
    persistent,
    site: { name: site.name, privacyPolicyUrl: site.privacyPolicyUrl, consentMode: site.consentMode },
    conversation: conversation === null ? null : toWidgetConversation(conversation),
    identityVerified: resolved.visitor.identityVerified,
  });
}

// One start at a time per visitor: two quick calls must not open two conversations.
const startsInFlight = new WeakMap<
  THub,
  Map<string, Promise<{ conversation: TConversation; created: boolean }>>
>();

/**
 * POST /api/v1/widget/conversations — the visitor's active conversation: the one still waiting or
 * open if there is one (200), else a new one (201). A visitor has at most one active
 * conversation per site, so a script cannot fill the agents' queue from one session.
 */
async function startOwnConversation(ctx: TRouteContext): Promise<Response> {
  const { request, hub } = ctx;
  const caller = await authenticateWidgetCall(ctx);
  await readJson(request, ZWidgetStartConversationRequest);
  const deps = chatDepsOf(hub);
  let inFlight = startsInFlight.get(hub);
  if (inFlight === undefined) {
    inFlight = new Map();
    startsInFlight.set(hub, inFlight);
  }
  const key = caller.actor.visitorId;
  let start = inFlight.get(key);
  if (start === undefined) {
    const running = (async () => {
      const active = latestActive(await listOwnConversations(deps, caller.actor));
      if (active !== null) return { conversation: active, created: false };
      return { conversation: await startConversation(deps, caller.actor, {}), created: true };
    })();
    start = running;
    inFlight.set(key, running);
    const forget = () => {
      if (inFlight.get(key) === running) inFlight.delete(key);
    };
    running.then(forget, forget);
  }
  const { conversation, created } = await start;
  return respond(
    ZWidgetStartConversationResponse,
    { conversation: toWidgetConversation(conversation) },
    created ? 201 : 200,
  );
}

/**
 * POST /api/v1/widget/messages — 201 only once core's sendMessage resolved, i.e. the message is
 * durably stored. Idempotent on (visitor, clientMessageId): a retry gets the stored message
 * back (201 again), a clientMessageId reused for another body or conversation is 409. The rules
 * live in sendWidgetMessage, shared with the realtime `send` frame.
 */
async function sendOwnMessage(ctx: TRouteContext): Promise<Response> {
  const { request, hub } = ctx;
  const caller = await authenticateWidgetCall(ctx);
  const input = await readJson(request, ZWidgetSendMessageRequest);
  const message = await sendWidgetMessage(hub, caller.actor, input);
  return respond(ZWidgetSendMessageResponse, { message }, 201);
}

/** GET /api/v1/widget/messages?conversationId=&afterSeq= — the visitor's own conversation only (else 404). */
async function listOwnMessages(ctx: TRouteContext): Promise<Response> {
  const { request, hub } = ctx;
  const caller = await authenticateWidgetCall(ctx);
  assertWithinRate(widgetStateOf(hub).reads.take(caller.actor.visitorId));
  const query = readQuery(request, ZWidgetListMessagesQuery);
  const { conversation, messages } = await listMessages(chatDepsOf(hub), caller.actor, {
    conversationId: query.conversationId,
    afterSeq: query.afterSeq,
  });
  return respond(ZWidgetListMessagesResponse, {
    messages: await toWidgetMessages(hub.store.scoped(caller.actor.workspaceId), messages),
    conversation: toWidgetConversation(conversation),
  });
}

/**
 * POST /api/v1/widget/consent — records the visitor's functional-storage consent (core audits the
 * change) and re-issues the token: persistent (30 days) with consent on a site that allows it,
 * else a tab-session token.
 */
async function setOwnConsent(ctx: TRouteContext): Promise<Response> {
  const { request, hub, clientIp } = ctx;
  const caller = await authenticateWidgetCall(ctx);
  const input = await readJson(request, ZWidgetConsentRequest);
  assertWithinRate(widgetStateOf(hub).consent.take(caller.actor.visitorId));
  const { workspaceId, visitorId } = caller.actor;
  const deps = chatDepsOf(hub);
  const row = await hub.store.scoped(workspaceId).visitors.get(visitorId);
  if (row === null || row.siteId !== caller.site.id) {
    throw new AppError("auth.required", "Your chat session is not valid any more. Please reload the page.");
  }
  // A verified visitor is only continued under their verified identity (core's rule for shared
  // computers); the hub verified it before, so it re-asserts what it stored, nothing the page sent.
  const stored = row.identityVerified ? await openSealedVisitor(hub.vault, workspaceId, row) : null;
  const identity =
    stored !== null && stored.email !== null
      ? { email: stored.email, name: stored.name, verified: true }
      : null;
  const resolved = await resolveVisitor(deps, {
    site: caller.site,
    visitorId,
    identity,
    ip: clientIp,
    consentFunctional: input.functional,
  });
  const persistent = caller.site.consentMode === "functional-with-consent" && input.functional;
  const visitorToken = issueVisitorToken(hub, {
    workspaceId,
    siteId: caller.site.id,
    visitorId: resolved.visitor.id,
    origin: caller.origin,
    persistent,
  });
  return respond(ZWidgetConsentResponse, { persistent, visitorToken });
}

/** The widget API routes (joined into ROUTES in ./index.ts). */
export const WIDGET_ROUTES: readonly TRoute[] = [
  {
    method: "POST",
    path: WIDGET_API_PATHS.session,
    name: "widget.session",
    summary: "Start or resume a visitor's chat session on a site (from the widget frame).",
    auth: "none",
    body: ZWidgetSessionRequest,
    response: ZWidgetSessionResponse,
    handler: startSession,
  },
  {
    method: "POST",
    path: WIDGET_API_PATHS.conversations,
    name: "widget.conversations.start",
    summary: "The visitor's active conversation, started if there is none (201 when new).",
    auth: "visitor",
    body: ZWidgetStartConversationRequest,
    response: ZWidgetStartConversationResponse,
    status: 201,
    handler: startOwnConversation,
  },
  {
    method: "POST",
    path: WIDGET_API_PATHS.messages,
    name: "widget.messages.send",
    summary:
      "Send a message as the visitor; answered once it is durably stored; idempotent on clientMessageId.",
    auth: "visitor",
    body: ZWidgetSendMessageRequest,
    response: ZWidgetSendMessageResponse,
    status: 201,
    handler: sendOwnMessage,
  },
  {
    method: "GET",
    path: WIDGET_API_PATHS.messages,
    name: "widget.messages.list",
    summary: "Messages of the visitor's own conversation after a sequence number.",
    auth: "visitor",
    query: ZWidgetListMessagesQuery,
    response: ZWidgetListMessagesResponse,
    handler: listOwnMessages,
  },
  {
    method: "POST",
    path: WIDGET_API_PATHS.consent,
    name: "widget.consent",
    summary: "Record the visitor's functional-storage consent and re-issue their token.",
    auth: "visitor",
    body: ZWidgetConsentRequest,
    response: ZWidgetConsentResponse,
    handler: setOwnConsent,
  },
];
