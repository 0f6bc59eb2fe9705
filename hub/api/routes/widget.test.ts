import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { listMessages } from "@tawkster/core/chat";
import { ZErrorBody } from "@tawkster/core/errors";
import {
  computeIdentityHash,
  deriveWidgetTokenKey,
  signVisitorToken,
  type TWidgetMessage,
  WIDGET_API_PATHS,
  ZWidgetConsentResponse,
  ZWidgetListMessagesResponse,
  ZWidgetSendMessageResponse,
  ZWidgetSessionResponse,
  ZWidgetStartConversationResponse,
} from "@tawkster/core/widget";
import type { THub } from "../../lib/hub-context";
import { MAX_BODY_BYTES } from "../../lib/node-web";
import {
  callWidget,
  createWidgetTestHub,
  type TWidgetCallOptions,
  type TWidgetTestHub,
} from "../../lib/widget/test-hub";
import { VISITOR_TOKEN_TTL_MS } from "../../lib/widget/visitor-tokens";
import { WIDGET_LIMITS } from "../../lib/widget/widget-state";
import { WIDGET_ROUTES } from "./widget";

const HOUR = 60 * 60 * 1000;

async function errorOf(response: Response): Promise<string> {
  const parsed = ZErrorBody.safeParse(await response.json());
  assert.ok(parsed.success, `the one error shape (status ${response.status})`);
  return parsed.data.error.code;
}

describe("widget API handlers", () => {
  let t: TWidgetTestHub;
  let clock: number;

  const call = (method: "GET" | "POST", path: string, options: TWidgetCallOptions = {}) =>
    callWidget(t.hub, WIDGET_ROUTES, method, path, options);

  async function startSession(body: Record<string, unknown> = {}, options: TWidgetCallOptions = {}) {
    const response = await call("POST", WIDGET_API_PATHS.session, {
      body: { siteKey: t.shop.siteKey, ...body },
      ...options,
    });
    assert.equal(response.status, 200, `session: ${response.status}`);
    return ZWidgetSessionResponse.parse(await response.json());
  }

  async function startConversation(token: string, options: TWidgetCallOptions = {}) {
    const response = await call("POST", WIDGET_API_PATHS.conversations, { token, body: {}, ...options });
    assert.ok(response.status === 201 || response.status === 200, `conversation: ${response.status}`);
    return { status: response.status, ...ZWidgetStartConversationResponse.parse(await response.json()) };
  }

  const send = (token: string, body: Record<string, unknown>, options: TWidgetCallOptions = {}) =>
    call("POST", WIDGET_API_PATHS.messages, { token, body, ...options });

  const list = (token: string, conversationId: string, afterSeq = 0, options: TWidgetCallOptions = {}) =>
    call("GET", `${WIDGET_API_PATHS.messages}?conversationId=${conversationId}&afterSeq=${afterSeq}`, {
      token,
      ...options,
    });

  async function storedBodies(conversationId: string): Promise<string[]> {
    const { messages } = await listMessages(t.deps, t.admin, { conversationId });
    return messages.map((message) => message.body);
  }

  beforeEach(async () => {
    clock = Date.parse("2026-03-02T10:00:00Z");
    t = await createWidgetTestHub({ now: () => new Date(clock) });
  });
  afterEach(async () => t.dispose());

  it("starts a session, opens a conversation, stores a message and lists it; a reload resumes it", async () => {
    const session = await startSession();
    assert.equal(session.persistent, false, "no consent: a tab-session token");
    assert.equal(session.conversation, null);
    assert.deepEqual(session.site, {
      name: "Shop",
      privacyPolicyUrl: "https://shop.example.com/privacy",
      consentMode: "functional-with-consent",
    });
    assert.equal(session.identityVerified, false);

    const started = await startConversation(session.visitorToken);
    assert.equal(started.status, 201);
    assert.equal(started.conversation.status, "waiting");
    const again = await startConversation(session.visitorToken);
    assert.equal(again.status, 200, "the active conversation is reused, not duplicated");
    assert.equal(again.conversation.id, started.conversation.id);

    const clientMessageId = randomUUID();
    const sent = await send(session.visitorToken, {
      conversationId: started.conversation.id,
      body: "Hello, is anyone there?",
      clientMessageId,
    });
    assert.equal(sent.status, 201);
    const { message } = ZWidgetSendMessageResponse.parse(await sent.json());
    assert.equal(message.author, "visitor");
    assert.equal(message.seq, 1);
    assert.deepEqual(await storedBodies(started.conversation.id), ["Hello, is anyone there?"]);

    const listed = await list(session.visitorToken, started.conversation.id);
    assert.equal(listed.status, 200);
    assert.equal(listed.headers.get("cache-control"), "no-store");
    const history = ZWidgetListMessagesResponse.parse(await listed.json());
    assert.deepEqual(history.messages, [message]);
    assert.deepEqual(history.conversation, { id: started.conversation.id, status: "waiting" });
    const after = ZWidgetListMessagesResponse.parse(
      await (await list(session.visitorToken, started.conversation.id, 1)).json(),
    );
    assert.deepEqual(after.messages, []);

    const resumed = await startSession({ visitorToken: session.visitorToken });
    assert.equal(resumed.visitorId, session.visitorId);
    assert.deepEqual(resumed.conversation, { id: started.conversation.id, status: "waiting" });
    assert.equal(await t.countVisitors(), 1);
  });

  it("shows agents by display name only", async () => {
    const session = await startSession();
    const { conversation } = await startConversation(session.visitorToken);
    const { sendMessage } = await import("@tawkster/core/chat");
    await sendMessage(t.deps, t.admin, { conversationId: conversation.id, body: "Hi, Ada here." });
    const history = ZWidgetListMessagesResponse.parse(
      await (await list(session.visitorToken, conversation.id)).json(),
    );
    const reply = history.messages.find((m) => m.author === "agent");
    assert.equal(reply?.agentName, "Ada Admin");
    assert.equal(JSON.stringify(history).includes("ada@acme.example"), false, "no agent email");
    assert.equal(JSON.stringify(history).includes(t.admin.memberId), false, "no member id");
    assert.equal(history.conversation.status, "open");
  });

  it("issues a persistent token only with functional consent on a site that allows it", async () => {
    const withConsent = await startSession({ consent: { functional: true } });
    assert.equal(withConsent.persistent, true);
    const claims = JSON.parse(
      Buffer.from(withConsent.visitorToken.split(".")[1] ?? "", "base64url").toString(),
    );
    assert.equal(claims.expiresAt - claims.issuedAt, VISITOR_TOKEN_TTL_MS.persistent);

    const plain = await startSession();
    const revoked = await call("POST", WIDGET_API_PATHS.consent, {
      token: withConsent.visitorToken,
      body: { functional: false },
    });
    assert.equal(revoked.status, 200);
    const answer = ZWidgetConsentResponse.parse(await revoked.json());
    assert.equal(answer.persistent, false);
    const reissued = JSON.parse(Buffer.from(answer.visitorToken.split(".")[1] ?? "", "base64url").toString());
    assert.equal(reissued.visitorId, withConsent.visitorId, "same visitor, new token");
    assert.equal(reissued.expiresAt - reissued.issuedAt, VISITOR_TOKEN_TTL_MS.tab);

    const given = ZWidgetConsentResponse.parse(
      await (
        await call("POST", WIDGET_API_PATHS.consent, {
          token: plain.visitorToken,
          body: { functional: true },
        })
      ).json(),
    );
    assert.equal(given.persistent, true);
    // A returning visitor whose page has not passed consent yet keeps what they gave before.
    const returning = await startSession({ visitorToken: given.visitorToken });
    assert.equal(returning.visitorId, plain.visitorId);
    assert.equal(returning.persistent, true);

    const events = await t.hub.store.scoped(t.workspaceId).audit.list();
    assert.ok(
      events.some((e) => e.action === "visitor.consent"),
      "consent changes are audited",
    );

    const blog = await startSession(
      { siteKey: t.blog.siteKey, consent: { functional: true } },
      { widgetOrigin: t.blog.origin },
    );
    assert.equal(blog.persistent, false, "an essential-mode site never gets a persistent token");
  });

  it("verifies identities with the site's secret; a wrong hash is kept only as an unverified claim", async () => {
    const email = "Grace@Example.com";
    const userHash = computeIdentityHash(t.shop.identitySecret, email);
    const verified = await startSession({ identity: { email, name: "Grace", userHash } });
    assert.equal(verified.identityVerified, true);

    // Attack: a visitor typing someone else's email with a made-up hash into Tawkster.identify().
    const forged = await startSession({
      identity: { email, name: "Mallory", userHash: "0".repeat(64) },
    });
    assert.equal(forged.identityVerified, false);
    assert.notEqual(forged.visitorId, verified.visitorId, "never continues the verified visitor");
    const otherSiteHash = computeIdentityHash(t.blog.identitySecret, email);
    const wrongSecret = await startSession({ identity: { email, userHash: otherSiteHash } });
    assert.equal(wrongSecret.identityVerified, false);

    // Legitimate: the verified visitor comes back and gives consent; they stay who they are.
    const back = await startSession({ visitorToken: verified.visitorToken, identity: { email, userHash } });
    assert.equal(back.visitorId, verified.visitorId);
    const consent = ZWidgetConsentResponse.parse(
      await (
        await call("POST", WIDGET_API_PATHS.consent, { token: back.visitorToken, body: { functional: true } })
      ).json(),
    );
    const claims = JSON.parse(Buffer.from(consent.visitorToken.split(".")[1] ?? "", "base64url").toString());
    assert.equal(claims.visitorId, verified.visitorId);
  });

  // Attack: a script on another website calling the widget API directly (widget hijacking).
  it("refuses a forged or missing Origin with 403 and creates nothing", async () => {
    const auditBefore = (await t.hub.store.scoped(t.workspaceId).audit.list()).length;
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1:3001", null]) {
      const response = await call("POST", WIDGET_API_PATHS.session, {
        origin,
        body: { siteKey: t.shop.siteKey },
      });
      assert.equal(response.status, 403, `Origin ${origin}`);
      assert.equal(await errorOf(response), "access.origin_not_allowed");
    }
    assert.equal(await t.countVisitors(), 0, "no visitor was created");
    assert.equal((await t.hub.store.scoped(t.workspaceId).audit.list()).length, auditBefore);

    const session = await startSession();
    const { conversation } = await startConversation(session.visitorToken);
    const forged = await send(
      session.visitorToken,
      { conversationId: conversation.id, body: "hi", clientMessageId: randomUUID() },
      { origin: "https://evil.example" },
    );
    assert.equal(forged.status, 403);
    assert.equal(await errorOf(forged), "access.origin_not_allowed");
    const crossSiteRead = await list(session.visitorToken, conversation.id, 0, {
      headers: { "sec-fetch-site": "cross-site" },
    });
    assert.equal(crossSiteRead.status, 403);
    assert.equal(await errorOf(crossSiteRead), "access.origin_not_allowed");
    assert.deepEqual(await storedBodies(conversation.id), []);
  });

  it("refuses a widget origin the site does not allow, or none, with 403 and creates nothing", async () => {
    for (const widgetOrigin of [
      "https://evil.example",
      "http://shop.example.com",
      "https://shop.example.com.evil.example",
      "https://example.com",
      "not an origin",
      null,
    ]) {
      const response = await call("POST", WIDGET_API_PATHS.session, {
        widgetOrigin,
        body: { siteKey: t.shop.siteKey },
      });
      assert.equal(response.status, 403, `widget origin ${widgetOrigin}`);
      assert.equal(await errorOf(response), "access.origin_not_allowed");
    }
    assert.equal(await t.countVisitors(), 0);

    const session = await startSession();
    const moved = await call("POST", WIDGET_API_PATHS.conversations, {
      token: session.visitorToken,
      body: {},
      widgetOrigin: t.blog.origin,
    });
    assert.equal(moved.status, 403, "a shop token on the blog's origin");
    assert.equal(await errorOf(moved), "access.origin_not_allowed");
  });

  it("refuses tokens of another site, another origin, another hub, or none, with 401", async () => {
    const shop = await startSession();
    const { conversation } = await startConversation(shop.visitorToken);
    const www = await startSession({}, { widgetOrigin: "https://www.example.com" });
    // Another origin of the same site: allowed for the site, but not the one the token is bound to.
    const wrongOrigin = await send(
      shop.visitorToken,
      {
        conversationId: conversation.id,
        body: "hi",
        clientMessageId: randomUUID(),
      },
      { widgetOrigin: "https://www.example.com" },
    );
    assert.equal(wrongOrigin.status, 401);
    assert.equal(await errorOf(wrongOrigin), "auth.required");

    const blog = await startSession({ siteKey: t.blog.siteKey }, { widgetOrigin: t.blog.origin });
    const foreignSite = await list(blog.visitorToken, conversation.id, 0, { widgetOrigin: t.blog.origin });
    assert.equal(foreignSite.status, 404, "another visitor's conversation does not exist for them");

    const otherHubKey = deriveWidgetTokenKey(Buffer.alloc(32, 7));
    const forged = signVisitorToken(otherHubKey, {
      workspaceId: t.workspaceId,
      siteId: t.shop.id,
      visitorId: shop.visitorId,
      origin: "https://shop.example.com",
      persistent: true,
      issuedAt: new Date(clock),
      expiresAt: new Date(clock + HOUR),
    });
    for (const token of [forged, null, `${shop.visitorToken}x`, "v1.e30.AAAA"]) {
      const response = await list(token ?? "", conversation.id);
      assert.equal(response.status, 401, `token ${token?.slice(0, 12)}`);
      assert.equal(await errorOf(response), "auth.required");
    }
    // The session call ignores a token it cannot verify and starts a new visitor instead.
    const fresh = await startSession({ visitorToken: forged });
    assert.notEqual(fresh.visitorId, shop.visitorId);
    const crossed = await startSession({ visitorToken: www.visitorToken });
    assert.notEqual(crossed.visitorId, www.visitorId, "a www token does not resume on shop");
    assert.deepEqual(await storedBodies(conversation.id), []);
  });

  it("refuses an expired token with 401, and the session call starts afresh", async () => {
    const session = await startSession();
    const { conversation } = await startConversation(session.visitorToken);
    clock += VISITOR_TOKEN_TTL_MS.tab + 1000;
    const late = await send(session.visitorToken, {
      conversationId: conversation.id,
      body: "still there?",
      clientMessageId: randomUUID(),
    });
    assert.equal(late.status, 401);
    assert.equal(await errorOf(late), "auth.required");
    const next = await startSession({ visitorToken: session.visitorToken });
    assert.notEqual(next.visitorId, session.visitorId);
    assert.deepEqual(await storedBodies(conversation.id), []);
  });

  it("stores a retried message once and answers the retry with the stored message", async () => {
    const session = await startSession();
    const { conversation } = await startConversation(session.visitorToken);
    const request = {
      conversationId: conversation.id,
      body: "Only once, please",
      clientMessageId: randomUUID(),
    };
    const first = await send(session.visitorToken, request);
    const second = await send(session.visitorToken, request);
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    const a = ZWidgetSendMessageResponse.parse(await first.json()).message;
    const b = ZWidgetSendMessageResponse.parse(await second.json()).message;
    assert.deepEqual(b, a);
    // Concurrent retries (a flaky network sending twice at once) share one write too.
    const twin = { ...request, clientMessageId: randomUUID(), body: "Twice at once" };
    const [c, d] = await Promise.all([send(session.visitorToken, twin), send(session.visitorToken, twin)]);
    const cm = ZWidgetSendMessageResponse.parse(await c.json()).message;
    const dm = ZWidgetSendMessageResponse.parse(await d.json()).message;
    assert.equal(cm.id, dm.id);
    assert.deepEqual(await storedBodies(conversation.id), ["Only once, please", "Twice at once"]);

    const reused = await send(session.visitorToken, { ...request, body: "Something else" });
    assert.equal(reused.status, 409);
    assert.equal(await errorOf(reused), "resource.conflict");
    // The same clientMessageId from another visitor is theirs alone.
    const other = await startSession();
    const otherConversation = await startConversation(other.visitorToken);
    const theirs = await send(other.visitorToken, {
      ...request,
      conversationId: otherConversation.conversation.id,
    });
    assert.equal(theirs.status, 201);
    assert.notEqual(ZWidgetSendMessageResponse.parse(await theirs.json()).message.id, a.id);
    assert.deepEqual(await storedBodies(conversation.id), ["Only once, please", "Twice at once"]);
  });

  it("stores a message once when its retry reaches another hub instance (the database decides)", async () => {
    // Another instance behind the load balancer: its own memory (recent sends, limiters), the same database.
    const other: THub = { ...t.hub };
    const onOther = (token: string, body: Record<string, unknown>) =>
      callWidget(other, WIDGET_ROUTES, "POST", WIDGET_API_PATHS.messages, { token, body });
    const session = await startSession();
    const { conversation } = await startConversation(session.visitorToken);
    const request = {
      conversationId: conversation.id,
      body: "Sent here, retried there",
      clientMessageId: randomUUID(),
    };
    const first = await send(session.visitorToken, request);
    assert.equal(first.status, 201);
    const retried = await onOther(session.visitorToken, request);
    assert.equal(retried.status, 201);
    assert.deepEqual(
      ZWidgetSendMessageResponse.parse(await retried.json()).message,
      ZWidgetSendMessageResponse.parse(await first.json()).message,
    );
    // Both at once, one on each instance: one row, one message for both.
    const twin = { ...request, body: "On both at once", clientMessageId: randomUUID() };
    const [c, d] = await Promise.all([send(session.visitorToken, twin), onOther(session.visitorToken, twin)]);
    assert.deepEqual([c.status, d.status], [201, 201]);
    assert.equal(
      ZWidgetSendMessageResponse.parse(await c.json()).message.id,
      ZWidgetSendMessageResponse.parse(await d.json()).message.id,
    );
    assert.deepEqual(await storedBodies(conversation.id), ["Sent here, retried there", "On both at once"]);
    // The id reused for another text is refused there too, and another visitor's same id is theirs.
    const reused = await onOther(session.visitorToken, { ...request, body: "Something else" });
    assert.equal(reused.status, 409);
    assert.equal(await errorOf(reused), "resource.conflict");
    const stranger = await startSession();
    const theirs = await onOther(stranger.visitorToken, {
      ...request,
      conversationId: (await startConversation(stranger.visitorToken)).conversation.id,
    });
    assert.equal(theirs.status, 201);
    assert.equal(ZWidgetSendMessageResponse.parse(await theirs.json()).message.body, request.body);
    assert.deepEqual(await storedBodies(conversation.id), ["Sent here, retried there", "On both at once"]);
  });

  it("refuses a clientMessageId that is not a UUID with 400 and stores nothing", async () => {
    const session = await startSession();
    const { conversation } = await startConversation(session.visitorToken);
    const uuid = randomUUID();
    for (const clientMessageId of [
      "",
      "retry-1",
      `${uuid}0`,
      `${uuid} `,
      uuid.replaceAll("-", ""),
      "x".repeat(65),
      42,
      null,
    ]) {
      const response = await send(session.visitorToken, {
        conversationId: conversation.id,
        body: "hi",
        clientMessageId,
      });
      assert.equal(response.status, 400, `clientMessageId ${JSON.stringify(clientMessageId)}`);
      assert.equal(await errorOf(response), "request.invalid");
    }
    const missing = await send(session.visitorToken, { conversationId: conversation.id, body: "hi" });
    assert.equal(missing.status, 400);
    // Either case of a UUID is one (the widget sends lower case).
    const upper = await send(session.visitorToken, {
      conversationId: conversation.id,
      body: "hi",
      clientMessageId: uuid.toUpperCase(),
    });
    assert.equal(upper.status, 201);
    assert.deepEqual(await storedBodies(conversation.id), ["hi"]);
  });

  it("answers 413 to a huge body and 400/415 to malformed ones, in the error shape", async () => {
    const session = await startSession();
    const { conversation } = await startConversation(session.visitorToken);
    const huge = await send(session.visitorToken, {
      conversationId: conversation.id,
      body: "x".repeat(MAX_BODY_BYTES),
      clientMessageId: randomUUID(),
    });
    assert.equal(huge.status, 413);
    assert.equal(await errorOf(huge), "request.too_large");
    const long = await send(session.visitorToken, {
      conversationId: conversation.id,
      body: "x".repeat(8001),
      clientMessageId: randomUUID(),
    });
    assert.equal(long.status, 400);
    const notJson = await call("POST", WIDGET_API_PATHS.messages, {
      token: session.visitorToken,
      rawBody: "{",
    });
    assert.equal(notJson.status, 400);
    assert.equal(await errorOf(notJson), "request.invalid");
    const form = await call("POST", WIDGET_API_PATHS.session, {
      rawBody: "siteKey=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.status, 415);
    const extra = await call("POST", WIDGET_API_PATHS.session, {
      body: { siteKey: t.shop.siteKey, admin: true },
    });
    assert.equal(extra.status, 400, "unknown fields are refused");
    const unknownSite = await call("POST", WIDGET_API_PATHS.session, {
      body: { siteKey: `site_${"A".repeat(24)}` },
    });
    assert.equal(unknownSite.status, 404);
    assert.deepEqual(await storedBodies(conversation.id), []);
  });

  it("limits messages per visitor and sessions per address with 429 and Retry-After", async () => {
    const session = await startSession();
    const { conversation } = await startConversation(session.visitorToken);
    const { limit } = WIDGET_LIMITS.messagesPerVisitor;
    for (let i = 0; i < limit; i++) {
      const ok = await send(session.visitorToken, {
        conversationId: conversation.id,
        body: `message ${i}`,
        clientMessageId: randomUUID(),
      });
      assert.equal(ok.status, 201);
    }
    const flooded = await send(session.visitorToken, {
      conversationId: conversation.id,
      body: "one too many",
      clientMessageId: randomUUID(),
    });
    assert.equal(flooded.status, 429);
    assert.equal(await errorOf(flooded), "rate.limited");
    assert.match(flooded.headers.get("retry-after") ?? "", /^[1-9]\d*$/);
    assert.equal((await storedBodies(conversation.id)).length, limit);
    clock += WIDGET_LIMITS.messagesPerVisitor.windowMs;
    const later = await send(session.visitorToken, {
      conversationId: conversation.id,
      body: "after the pause",
      clientMessageId: randomUUID(),
    });
    assert.equal(later.status, 201, "the limit lifts after its window");

    const sessions = WIDGET_LIMITS.sessionsPerIp.limit;
    let refused: Response | null = null;
    for (let i = 0; i <= sessions; i++) {
      const response = await call("POST", WIDGET_API_PATHS.session, {
        body: { siteKey: t.shop.siteKey },
        clientIp: "198.51.100.4",
      });
      if (response.status === 429) {
        refused = response;
        break;
      }
      await response.body?.cancel();
    }
    assert.ok(refused, "the session limit was reached");
    assert.match(refused.headers.get("retry-after") ?? "", /^[1-9]\d*$/);
    const elsewhere = await call("POST", WIDGET_API_PATHS.session, {
      body: { siteKey: t.shop.siteKey },
      clientIp: "198.51.100.5",
    });
    assert.equal(elsewhere.status, 200, "other addresses are counted apart");
  });

  describe("with the Big List of Naughty Strings", () => {
    const corpusPath = fileURLToPath(new URL("../../../../shared/fuzz/blns.json", import.meta.url));

    function loadCorpus(): string[] {
      assert.ok(existsSync(corpusPath), `the fuzz corpus is missing: expected ${corpusPath}`);
      const corpus: unknown = JSON.parse(readFileSync(corpusPath, "utf8"));
      assert.ok(Array.isArray(corpus) && corpus.length >= 500, "blns.json is a JSON array of strings");
      return corpus.filter((value): value is string => typeof value === "string");
    }

    // Every answer is a success or a 4xx in the one error shape; never a 5xx.
    async function assertHandled(response: Response, what: string): Promise<unknown> {
      assert.ok(response.status < 500, `${what}: ${response.status}`);
      const json: unknown = await response.json();
      if (response.status >= 400) assert.ok(ZErrorBody.safeParse(json).success, `${what}: error shape`);
      return json;
    }

    it("every string as a message body round-trips exactly, or is refused with a 4xx", async () => {
      const corpus = loadCorpus();
      const session = await startSession();
      const { conversation } = await startConversation(session.visitorToken);
      const accepted: TWidgetMessage[] = [];
      let refused = 0;
      for (const [index, body] of corpus.entries()) {
        clock += 1000; // one message a second: the fuzz must not be cut off by the rate limit
        const response = await send(session.visitorToken, {
          conversationId: conversation.id,
          body,
          clientMessageId: randomUUID(),
        });
        const json = await assertHandled(response, `string ${index}`);
        if (response.status === 201) {
          const { message } = ZWidgetSendMessageResponse.parse(json);
          assert.equal(message.body, body, `string ${index} came back changed`);
          accepted.push(message);
        } else {
          assert.equal(response.status, 400, `string ${index}`);
          assert.equal(body.trim().length === 0 || body.length > 8000, true, `string ${index} was refused`);
          refused++;
        }
      }
      assert.ok(accepted.length > 400, `most strings are ordinary text (${accepted.length} accepted)`);
      let afterSeq = 0;
      const read: TWidgetMessage[] = [];
      for (;;) {
        clock += 1000;
        const page = ZWidgetListMessagesResponse.parse(
          await (await list(session.visitorToken, conversation.id, afterSeq)).json(),
        );
        if (page.messages.length === 0) break;
        read.push(...page.messages);
        afterSeq = page.messages.at(-1)?.seq ?? afterSeq;
      }
      assert.deepEqual(
        read.map((m) => m.body),
        accepted.map((m) => m.body),
      );
      assert.equal(accepted.length + refused, corpus.length);
    });

    it("every string as site key, name, email, token, origin or id is handled without a 5xx", async () => {
      const corpus = loadCorpus();
      const session = await startSession();
      const { conversation } = await startConversation(session.visitorToken);
      const headerSafe = (value: string) => /^[\x20-\x7e]*$/.test(value);
      for (const [index, value] of corpus.entries()) {
        clock += 2 * WIDGET_LIMITS.sessionsPerIp.windowMs; // keep the fuzz under the rate limits
        const label = `string ${index}`;
        const calls: Promise<Response>[] = [
          call("POST", WIDGET_API_PATHS.session, { body: { siteKey: value } }),
          call("POST", WIDGET_API_PATHS.session, { body: { siteKey: t.shop.siteKey, visitorToken: value } }),
          call("POST", WIDGET_API_PATHS.session, {
            body: {
              siteKey: t.shop.siteKey,
              identity: { email: value, name: value, userHash: "a".repeat(64) },
            },
          }),
          call("POST", WIDGET_API_PATHS.session, {
            body: {
              siteKey: t.shop.siteKey,
              identity: { email: "fuzz@example.com", name: value, userHash: "a".repeat(64) },
            },
          }),
          call("GET", `${WIDGET_API_PATHS.messages}?conversationId=${encodeURIComponent(value)}`, {
            token: session.visitorToken,
          }),
          call(
            "GET",
            `${WIDGET_API_PATHS.messages}?conversationId=${conversation.id}&afterSeq=${encodeURIComponent(value)}`,
            {
              token: session.visitorToken,
            },
          ),
        ];
        if (headerSafe(value)) {
          calls.push(list(value, conversation.id));
          calls.push(
            call("POST", WIDGET_API_PATHS.session, {
              widgetOrigin: value,
              body: { siteKey: t.shop.siteKey },
            }),
          );
        }
        for (const [n, response] of (await Promise.all(calls)).entries()) {
          await assertHandled(response, `${label}, call ${n}`);
        }
      }
      assert.deepEqual(await storedBodies(conversation.id), [], "no fuzz call wrote a message");
    });
  });
});
