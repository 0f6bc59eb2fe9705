import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import type { TWidgetMessage, TWidgetSessionRequest, TWidgetSessionResponse } from "@tawkster/core/widget";
import { type TWidgetApi, WidgetApiError } from "./api-client";
import { createChat, type TChatInit, type TChatState, type TOpenRealtime } from "./chat";
import { connectRealtime, SEND_TIMEOUT_MS, type TSocketSendResult } from "./realtime";
import { createFakeSocket, createFakeStorage, createManualTimers, type TFakeSocket } from "./test-doubles";
import { toTokenKey } from "./token-storage";

const siteKey = "site_abcdefghijklmnopqrst";
const key = toTokenKey(siteKey);
const parentOrigin = "https://shop.example.com";
const flush = () => new Promise((resolve) => setImmediate(resolve));

function sessionAnswer(overrides: Partial<TWidgetSessionResponse> = {}): TWidgetSessionResponse {
  return {
    visitorToken: "v1.new.token",
    visitorId: "00000000-0000-4000-8000-000000000001",
    persistent: false,
    site: { name: "Shop", privacyPolicyUrl: null, consentMode: "functional-with-consent" },
    conversation: null,
    identityVerified: false,
    ...overrides,
  };
}

function storedMessage(seq: number, overrides: Partial<TWidgetMessage> = {}): TWidgetMessage {
  return {
    id: randomUUID(),
    seq,
    author: "agent",
    agentName: "Sam",
    body: `m${seq}`,
    createdAt: "2025-06-01T12:00:00.000Z",
    ...overrides,
  };
}

type TSendRequest = { conversationId: string; body: string; clientMessageId: string };

/**
 * A chat wired to fakes; `api` methods can be replaced per test. The realtime feed is a fake whose
 * `sendMessage` answers null (socket not open) unless `socketSend` is replaced; `openRealtime`
 * replaces the whole feed (say, by the real client over a fake socket).
 */
function setup(
  options: {
    session?: () => Promise<TWidgetSessionResponse>;
    openRealtime?: TOpenRealtime;
    setTimer?: (run: () => void, ms: number) => unknown;
  } = {},
) {
  const session = createFakeStorage();
  const local = createFakeStorage();
  const calls: { name: string; args: unknown[]; token: string | null }[] = [];
  let getToken: () => string | null = () => null;
  const conversationId = randomUUID();
  // Stored messages get seqs after the fake history's (1 and 2).
  let seq = 10;
  const api: TWidgetApi = {
    startSession: async (request: TWidgetSessionRequest) => {
      calls.push({ name: "startSession", args: [request], token: getToken() });
      return options.session ? options.session() : sessionAnswer();
    },
    startConversation: async () => {
      calls.push({ name: "startConversation", args: [], token: getToken() });
      return { id: conversationId, status: "waiting" };
    },
    sendMessage: async (request) => {
      calls.push({ name: "sendMessage", args: [request], token: getToken() });
      seq += 1;
      return storedMessage(seq, { author: "visitor", body: request.body, agentName: null });
    },
    listMessages: async (id, afterSeq) => {
      calls.push({ name: "listMessages", args: [id, afterSeq], token: getToken() });
      return { messages: [storedMessage(1), storedMessage(2)], conversation: { id, status: "open" } };
    },
    setConsent: async (functional) => {
      calls.push({ name: "setConsent", args: [functional], token: getToken() });
      return {
        persistent: functional,
        visitorToken: functional ? "v1.persistent.token" : "v1.session.token",
      };
    },
  };
  const feeds: Parameters<TOpenRealtime>[0][] = [];
  let stops = 0;
  let resubscribes = 0;
  const socket = {
    sends: [] as TSendRequest[],
    send: async (_request: TSendRequest): Promise<TSocketSendResult> => null,
  };
  const states: TChatState[] = [];
  const chat = createChat({
    siteKey,
    parentOrigin,
    storages: { session, local },
    createApi: (tokenGetter) => {
      getToken = tokenGetter;
      return api;
    },
    openRealtime: (handlers) => {
      feeds.push(handlers);
      if (options.openRealtime) return options.openRealtime(handlers);
      return {
        resubscribe: () => {
          resubscribes += 1;
        },
        sendMessage: (request) => {
          socket.sends.push(request);
          return socket.send(request);
        },
        stop: () => {
          stops += 1;
        },
      };
    },
    newId: () => randomUUID(),
    onChange: (state) => states.push(state),
    ...(options.setTimer === undefined ? {} : { setTimer: options.setTimer }),
  });
  return {
    chat,
    api,
    calls,
    session,
    local,
    feeds,
    states,
    socket,
    conversationId,
    counts: () => ({ stops, resubscribes }),
    callsOf: (name: string) => calls.filter((call) => call.name === name),
  };
}

const noConsent: TChatInit = { consent: null, identity: null };

describe("chat session and token storage", () => {
  it("in essential mode reads and writes the token in sessionStorage only", async () => {
    const t = setup();
    t.local.map.set(key, "v1.old.persistent");
    t.session.map.set(key, "v1.old.session");
    await t.chat.start(noConsent);
    assert.deepEqual(t.callsOf("startSession")[0]?.args[0], { siteKey, visitorToken: "v1.old.session" });
    assert.equal(t.session.map.get(key), "v1.new.token");
    assert.equal(t.local.map.get(key), "v1.old.persistent", "an earlier persistent token is left alone");
    assert.equal(t.chat.getState().phase, "ready");
  });

  it("with functional consent resumes from localStorage and keeps a persistent token there", async () => {
    const t = setup({ session: async () => sessionAnswer({ persistent: true }) });
    t.local.map.set(key, "v1.old.persistent");
    await t.chat.start({ consent: { functional: true }, identity: null });
    assert.deepEqual(t.callsOf("startSession")[0]?.args[0], {
      siteKey,
      visitorToken: "v1.old.persistent",
      consent: { functional: true },
    });
    assert.equal(t.local.map.get(key), "v1.new.token");
    assert.equal(t.session.map.has(key), false);
  });

  it("keeps no persistent copy when the hub declines persistence despite consent", async () => {
    const t = setup({ session: async () => sessionAnswer({ persistent: false }) });
    t.local.map.set(key, "v1.old.persistent");
    await t.chat.start({ consent: { functional: true }, identity: null });
    assert.equal(t.local.map.has(key), false);
    assert.equal(t.session.map.get(key), "v1.new.token");
  });

  it("moves the token to localStorage when consent is given later", async () => {
    const t = setup();
    await t.chat.start(noConsent);
    await t.chat.setConsent({ functional: true });
    assert.equal(t.callsOf("setConsent")[0]?.token, "v1.new.token");
    assert.equal(t.local.map.get(key), "v1.persistent.token");
    assert.equal(t.session.map.has(key), false);
  });

  // Consent revocation must take effect in the browser even if the hub cannot be reached.
  it("deletes the persistent token when consent is revoked, even if the hub call fails", async () => {
    const t = setup({ session: async () => sessionAnswer({ persistent: true }) });
    await t.chat.start({ consent: { functional: true }, identity: null });
    assert.equal(t.local.map.has(key), true);
    t.api.setConsent = async () => {
      throw new WidgetApiError(0, "network.failed");
    };
    await t.chat.setConsent({ functional: false });
    assert.equal(t.local.map.has(key), false);
  });

  it("starts afresh when the stored token is refused (401), forgetting it", async () => {
    let attempt = 0;
    const t = setup({
      session: async () => {
        attempt += 1;
        if (attempt === 1) throw new WidgetApiError(401, "auth.required");
        return sessionAnswer();
      },
    });
    t.session.map.set(key, "v1.expired.token");
    await t.chat.start(noConsent);
    const requests = t.callsOf("startSession").map((call) => call.args[0]);
    assert.deepEqual(requests, [{ siteKey, visitorToken: "v1.expired.token" }, { siteKey }]);
    assert.equal(t.session.map.get(key), "v1.new.token");
  });

  it("shows the chat as unavailable when the session cannot start", async () => {
    const t = setup({
      session: async () => {
        throw new WidgetApiError(403, "access.origin_not_allowed");
      },
    });
    await t.chat.start(noConsent);
    assert.equal(t.chat.getState().phase, "unavailable");
    assert.equal(t.feeds.length, 0);
  });

  it("sends the identity with the session, and again with the token when identify comes later", async () => {
    const t = setup();
    const identity = { email: "alice@example.com", userHash: "a".repeat(64) };
    await t.chat.start(noConsent);
    await t.chat.identify(identity);
    assert.deepEqual(t.callsOf("startSession")[1]?.args[0], {
      siteKey,
      visitorToken: "v1.new.token",
      identity,
    });
    assert.equal(t.counts().stops, 1, "the old feed is closed before the new session");
  });
});

describe("chat messages", () => {
  it("loads the history of a resumed conversation and subscribes from its last seq", async () => {
    const t = setup({
      session: async () => sessionAnswer({ conversation: { id: conversationIdOf(), status: "open" } }),
    });
    await t.chat.start(noConsent);
    assert.deepEqual(t.callsOf("listMessages")[0]?.args, [conversationIdOf(), 0]);
    assert.deepEqual(t.feeds[0]?.getSubscription(), { conversationId: conversationIdOf(), afterSeq: 2 });
    assert.deepEqual(t.feeds[0]?.getAuth(), { visitorToken: "v1.new.token", origin: parentOrigin });
  });

  it("merges feed messages without duplicates", async () => {
    const t = setup({
      session: async () => sessionAnswer({ conversation: { id: conversationIdOf(), status: "open" } }),
    });
    await t.chat.start(noConsent);
    const next = storedMessage(3);
    t.feeds[0]?.onFrame({ type: "message", message: next });
    t.feeds[0]?.onFrame({ type: "message", message: next });
    assert.deepEqual(
      t.chat.getState().items.map((item) => item.body),
      ["m1", "m2", "m3"],
    );
  });

  it("starts one conversation for two quick messages, shows them as sending, then sent", async () => {
    const t = setup();
    await t.chat.start(noConsent);
    assert.equal(t.chat.send("first"), true);
    assert.equal(t.chat.send("second"), true);
    assert.deepEqual(
      t.chat.getState().items.map((item) => item.status),
      ["sending", "sending"],
    );
    await flush();
    await flush();
    assert.equal(t.callsOf("startConversation").length, 1);
    assert.equal(t.counts().resubscribes, 1);
    const sends = t.callsOf("sendMessage");
    assert.equal(sends.length, 2);
    assert.equal(sends[0]?.token, "v1.new.token");
    assert.deepEqual(
      t.chat.getState().items.map(({ body, status }) => ({ body, status })),
      [
        { body: "first", status: "sent" },
        { body: "second", status: "sent" },
      ],
    );
  });

  it("marks a message failed and retries it with the same clientMessageId", async () => {
    const t = setup();
    await t.chat.start(noConsent);
    const send = t.api.sendMessage;
    t.api.sendMessage = async () => {
      throw new WidgetApiError(500, "internal.error");
    };
    t.chat.send("hello");
    await flush();
    await flush();
    const failed = t.chat.getState().items[0];
    assert.equal(failed?.status, "failed");
    t.api.sendMessage = send;
    await t.chat.retry(failed?.clientMessageId ?? "");
    assert.equal(t.chat.getState().items[0]?.status, "sent");
    const request = t.callsOf("sendMessage")[0]?.args[0] as { clientMessageId: string };
    assert.equal(request.clientMessageId, failed?.clientMessageId);
  });

  it("refuses blank and oversized messages, and messages before the session is ready", async () => {
    const t = setup();
    assert.equal(t.chat.send("early"), false);
    await t.chat.start(noConsent);
    assert.equal(t.chat.send("   \n"), false);
    assert.equal(t.chat.send("x".repeat(8001)), false);
    assert.equal(t.chat.getState().items.length, 0);
  });

  it("starts a new conversation when the last one was closed", async () => {
    const t = setup({
      session: async () => sessionAnswer({ conversation: { id: conversationIdOf(), status: "open" } }),
    });
    await t.chat.start(noConsent);
    t.feeds[0]?.onFrame({ type: "conversation", conversation: { id: conversationIdOf(), status: "closed" } });
    t.chat.send("again");
    await flush();
    await flush();
    assert.equal(t.callsOf("startConversation").length, 1);
    assert.equal(
      (t.callsOf("sendMessage")[0]?.args[0] as { conversationId?: string } | undefined)?.conversationId,
      t.conversationId,
    );
  });

  it("drops an erased or purged conversation from the screen, and starts a new one on the next message", async () => {
    const t = setup({
      session: async () => sessionAnswer({ conversation: { id: conversationIdOf(), status: "open" } }),
    });
    await t.chat.start(noConsent);
    assert.equal(t.chat.getState().items.length, 2);
    // A refused send to it is about that message only: the conversation stays.
    t.feeds[0]?.onFrame({
      type: "error",
      clientMessageId: "7b0d3c52-5d1f-4d49-9b8e-0c7d6f1f2a11",
      error: { code: "resource.gone", message: "Gone." },
    });
    assert.equal(t.chat.getState().conversation?.id, conversationIdOf());
    t.feeds[0]?.onFrame({
      type: "error",
      error: { code: "resource.gone", message: `Conversation ${conversationIdOf()} was erased.` },
    });
    assert.equal(t.chat.getState().conversation, null);
    assert.deepEqual(t.chat.getState().items, []);
    assert.equal(t.chat.getState().phase, "ready");
    t.chat.send("hello again");
    await flush();
    await flush();
    assert.equal(t.callsOf("startConversation").length, 1);
  });
});

describe("chat messages over the realtime socket", () => {
  const visitorMessage = (request: TSendRequest, seq = 1) =>
    storedMessage(seq, { author: "visitor", body: request.body, agentName: null });

  it("sends over the socket when it is open, and not over HTTP", async () => {
    const t = setup();
    t.socket.send = async (request) => ({ message: visitorMessage(request) });
    await t.chat.start(noConsent);
    t.chat.send("hello");
    await flush();
    await flush();
    assert.equal(t.socket.sends.length, 1);
    assert.equal(t.socket.sends[0]?.conversationId, t.conversationId);
    assert.equal(t.callsOf("sendMessage").length, 0);
    assert.deepEqual(
      t.chat.getState().items.map(({ body, status }) => ({ body, status })),
      [{ body: "hello", status: "sent" }],
    );
  });

  it("sends over HTTP with the same clientMessageId when the socket gives no answer", async () => {
    const t = setup();
    await t.chat.start(noConsent);
    t.chat.send("hello");
    await flush();
    await flush();
    const overHttp = t.callsOf("sendMessage")[0]?.args[0] as TSendRequest | undefined;
    assert.equal(overHttp?.clientMessageId, t.socket.sends[0]?.clientMessageId);
    assert.equal(overHttp?.body, "hello");
    assert.equal(t.chat.getState().items[0]?.status, "sent");
  });

  it("holds a message the hub rate-limited with a retry time, and sends it again once that time passed", async () => {
    const timers = createManualTimers();
    const t = setup({ setTimer: timers.setTimer });
    t.socket.send = async () => ({ code: "rate.limited", retryAfterSeconds: 3 });
    await t.chat.start(noConsent);
    t.chat.send("hello");
    await flush();
    await flush();
    assert.equal(t.chat.getState().items[0]?.status, "sending", "not failed: it will go by itself");
    assert.equal(t.callsOf("sendMessage").length, 0, "HTTP would refuse it the same way");
    assert.equal(timers.pending.length, 1);
    t.socket.send = async (request) => ({ message: visitorMessage(request) });
    assert.equal(timers.runNext(), 3_000);
    await flush();
    await flush();
    assert.equal(t.chat.getState().items[0]?.status, "sent");
    assert.equal(t.socket.sends.length, 2);
    assert.equal(t.socket.sends[0]?.clientMessageId, t.socket.sends[1]?.clientMessageId);
  });

  it("marks a message the hub refused over the socket failed (not resent over HTTP); retry sends it again", async () => {
    const t = setup();
    t.socket.send = async () => ({ code: "rate.limited" });
    await t.chat.start(noConsent);
    t.chat.send("hello");
    await flush();
    await flush();
    const failed = t.chat.getState().items[0];
    assert.equal(failed?.status, "failed");
    assert.equal(t.callsOf("sendMessage").length, 0, "HTTP would refuse it the same way");
    t.socket.send = async (request) => ({ message: visitorMessage(request) });
    await t.chat.retry(failed?.clientMessageId ?? "");
    assert.equal(t.chat.getState().items[0]?.status, "sent");
    assert.deepEqual(
      t.socket.sends.map((request) => request.clientMessageId),
      [failed?.clientMessageId, failed?.clientMessageId],
    );
  });

  describe("with the real realtime client over a fake socket", () => {
    function wired() {
      const sockets: TFakeSocket[] = [];
      const timers = createManualTimers();
      const t = setup({
        session: async () => sessionAnswer({ conversation: { id: conversationIdOf(), status: "open" } }),
        openRealtime: (handlers) =>
          connectRealtime({
            url: "wss://chat.example.net/api/v1/realtime",
            createSocket: () => {
              const socket = createFakeSocket();
              sockets.push(socket);
              return socket;
            },
            setTimer: timers.setTimer,
            clearTimer: timers.clearTimer,
            ...handlers,
          }),
      });
      const sendFrames = () => sockets.flatMap((socket) => socket.sent).filter(isSendFrame);
      return { t, sockets, timers, sendFrames };
    }

    it("sends after auth on the socket and shows the message sent on its `sent` frame", async () => {
      const { t, sockets, sendFrames } = wired();
      await t.chat.start(noConsent);
      sockets[0]?.open();
      t.chat.send("over the socket");
      await flush();
      assert.deepEqual(
        sockets[0]?.sent.map((frame) => (frame as { type: string }).type),
        ["auth", "subscribe", "send"],
      );
      const [frame] = sendFrames();
      assert.equal(t.chat.getState().items.at(-1)?.status, "sending", "not before the hub stored it");
      assert.ok(frame);
      sockets[0]?.receive({
        type: "sent",
        clientMessageId: frame.clientMessageId,
        message: visitorMessage(frame, 3),
      });
      await flush();
      assert.deepEqual(
        t.chat.getState().items.map(({ body, status }) => ({ body, status })),
        [
          { body: "m1", status: "sent" },
          { body: "m2", status: "sent" },
          { body: "over the socket", status: "sent" },
        ],
      );
      assert.equal(t.callsOf("sendMessage").length, 0);
    });

    it(`falls back to HTTP with the same clientMessageId after ${SEND_TIMEOUT_MS / 1000} s without an answer`, async () => {
      const { t, sockets, timers, sendFrames } = wired();
      await t.chat.start(noConsent);
      sockets[0]?.open();
      t.chat.send("unanswered");
      await flush();
      assert.equal(t.callsOf("sendMessage").length, 0);
      assert.equal(timers.runNext(), SEND_TIMEOUT_MS);
      await flush();
      await flush();
      const overHttp = t.callsOf("sendMessage")[0]?.args[0] as TSendRequest | undefined;
      assert.equal(overHttp?.clientMessageId, sendFrames()[0]?.clientMessageId);
      assert.equal(t.chat.getState().items.at(-1)?.status, "sent");
    });

    it("falls back to HTTP at once when the socket drops before the answer, or is not open", async () => {
      const { t, sockets, sendFrames } = wired();
      await t.chat.start(noConsent);
      t.chat.send("still connecting");
      await flush();
      await flush();
      assert.equal(t.callsOf("sendMessage").length, 1, "the socket was not open yet");
      sockets[0]?.open();
      t.chat.send("dropped");
      await flush();
      sockets[0]?.drop();
      await flush();
      await flush();
      const overHttp = t.callsOf("sendMessage")[1]?.args[0] as TSendRequest | undefined;
      assert.equal(overHttp?.clientMessageId, sendFrames()[0]?.clientMessageId);
      assert.deepEqual(
        t.chat.getState().items.map(({ body, status }) => ({ body, status })),
        [
          { body: "m1", status: "sent" },
          { body: "m2", status: "sent" },
          { body: "still connecting", status: "sent" },
          { body: "dropped", status: "sent" },
        ],
      );
    });

    it("marks the message failed on its error frame, and keeps the chat going", async () => {
      const { t, sockets, sendFrames } = wired();
      await t.chat.start(noConsent);
      sockets[0]?.open();
      t.chat.send("too fast");
      await flush();
      const [frame] = sendFrames();
      sockets[0]?.receive({
        type: "error",
        clientMessageId: frame?.clientMessageId,
        error: { code: "rate.limited", message: "Too many requests — try again in 3 seconds." },
      });
      await flush();
      assert.equal(t.chat.getState().items.at(-1)?.status, "failed");
      assert.equal(t.chat.getState().phase, "ready");
      assert.equal(t.callsOf("sendMessage").length, 0);
    });
  });
});

function isSendFrame(frame: unknown): frame is TSendRequest & { type: "send" } {
  return (frame as { type?: unknown }).type === "send";
}

const fixedConversationId = randomUUID();
function conversationIdOf(): string {
  return fixedConversationId;
}
