// The load generator of the relay bench: `concurrency` lanes run at once; each lane sends its
// messages one after the other, and sends the next only once the previous one reached the agent
// (and, over HTTP, once its POST was answered). Latency is send → agent receipt, on this
// process's monotonic clock; throughput is messages delivered per second of wall time.
import { randomUUID } from "node:crypto";
import { type Agent, type IncomingMessage, request } from "node:http";
import { WIDGET_API_PATHS, WIDGET_ORIGIN_HEADER } from "@tawkster/core/widget";
import WebSocket from "ws";
import { createVisitorAgent, httpRequest, type LoopbackAddressPool } from "./http-client";
import { BENCH_SITE_ORIGIN, type TBenchHub } from "./hub-fixture";
import { percentile } from "./stats";

/** What one run measured. */
export type TRelayResult = {
  messages: number;
  wallMs: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
};

export type TRelayPlan = {
  /** Lanes running at once (concurrent conversations). */
  concurrency: number;
  /** Conversations each lane goes through, one after the other. */
  conversationsPerLane: number;
  /** Messages per conversation (the hub allows a visitor 20 per 10 s). */
  messagesPerConversation: number;
};

/** Console subscriptions per agent socket (the hub allows 50). */
const SUBSCRIPTIONS_PER_AGENT_SOCKET = 40;
const DELIVERY_TIMEOUT_MS = 120_000;

/** A body of realistic chat length (about 120 characters), unique per lane and message. */
function messageBody(lane: number, index: number): string {
  const text = "the parcel has not arrived yet, could you check where it is please?";
  return `bench lane ${lane.toString(36)} message ${index.toString(36)} ${text}`.slice(0, 120);
}

/** Waits for a message to reach an agent, keyed by conversation (one message in flight per key). */
class DeliveryWaiters {
  private readonly waiting = new Map<string, { body: string; resolve: (at: number) => void }>();

  expect(key: string, body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no delivery for ${key} within ${DELIVERY_TIMEOUT_MS} ms`)),
        DELIVERY_TIMEOUT_MS,
      );
      this.waiting.set(key, {
        body,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
  }

  deliver(key: string, body: string, at: number): void {
    const waiter = this.waiting.get(key);
    if (waiter === undefined || waiter.body !== body) return;
    this.waiting.delete(key);
    waiter.resolve(at);
  }
}

/** Called right before and right after the timed phase (the relay bench's profiler toggle). */
export type TPhaseHooks = { onTimedStart?: () => void; onTimedEnd?: () => void };

async function runLanes(
  plan: TRelayPlan,
  sendOne: (lane: number, conversation: number, index: number) => Promise<number>,
  hooks: TPhaseHooks = {},
): Promise<TRelayResult> {
  const latencies: number[] = [];
  hooks.onTimedStart?.();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: plan.concurrency }, async (_, lane) => {
      for (let c = 0; c < plan.conversationsPerLane; c++) {
        for (let i = 0; i < plan.messagesPerConversation; i++) latencies.push(await sendOne(lane, c, i));
      }
    }),
  );
  const wallMs = performance.now() - started;
  hooks.onTimedEnd?.();
  return {
    messages: latencies.length,
    wallMs,
    throughput: (latencies.length / wallMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

function openSocket(
  url: string,
  headers: Record<string, string> = {},
  localAddress?: string,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers,
      perMessageDeflate: false,
      ...(localAddress === undefined ? {} : { localAddress }),
    });
    socket.once("open", () => resolve(socket));
    socket.once("unexpected-response", (_req, res) => reject(new Error(`${url}: HTTP ${res.statusCode}`)));
    socket.once("error", reject);
  });
}

/** Runs `work` over `items` with at most `parallel` at once, in order of start. */
async function inParallel<T, R>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const at = next++;
        results[at] = await work(items[at] as T);
      }
    }),
  );
  return results;
}

type TConsoleFrame = {
  type: string;
  conversationId?: string;
  conversation?: { id: string };
  message?: { body: string };
  error?: { code: string; message: string };
};

/** How the hub's visitors send: over their widget socket (what the widget does) or by HTTP POST (its fallback). */
export type THubSendMode = "ws" | "post";

type TWidgetFrame = {
  type: string;
  clientMessageId?: string;
  conversation?: { id: string };
  error?: { code: string; message: string };
};

/** A visitor's widget socket as the widget frame opens it: auth, then follow its conversation. */
async function openWidgetSocket(
  hub: TBenchHub,
  localAddress: string,
  visitorToken: string,
  conversationId: string,
  acks: Map<string, { resolve: () => void; reject: (error: Error) => void }>,
): Promise<WebSocket> {
  const socket = await openSocket(hub.realtimeUrl, { Origin: hub.url }, localAddress);
  const started = new Promise<void>((resolve, reject) => {
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as TWidgetFrame;
      if (frame.type === "conversation" && frame.conversation?.id === conversationId) resolve();
      else if (frame.type === "sent" && frame.clientMessageId) {
        acks.get(frame.clientMessageId)?.resolve();
        acks.delete(frame.clientMessageId);
      } else if (frame.type === "error") {
        const error = new Error(`widget socket: ${frame.error?.code ?? ""} ${frame.error?.message ?? ""}`);
        const ack = frame.clientMessageId === undefined ? undefined : acks.get(frame.clientMessageId);
        if (ack) ack.reject(error);
        else reject(error);
      }
    });
  });
  socket.send(JSON.stringify({ type: "auth", visitorToken, origin: BENCH_SITE_ORIGIN }));
  socket.send(JSON.stringify({ type: "subscribe", conversationId, afterSeq: 0 }));
  await started;
  return socket;
}

/**
 * The full hub path. Setup (not timed): each conversation's visitor starts a session
 * (POST /widget/session, from its own loopback address) and a conversation (POST
 * /widget/conversations), loads it once, and opens its widget socket (auth, subscribe) as the
 * widget does; the signed-in admin subscribes to every conversation over the console protocol on
 * /api/v1/realtime. Timed: the visitor sends (a `send` frame on its socket, or in "post" mode
 * POST /widget/messages) until the hub acknowledged it as stored and the console socket received it.
 */
export async function runHubRelay(
  hub: TBenchHub,
  plan: TRelayPlan,
  addresses: LoopbackAddressPool,
  hooks: TPhaseHooks = {},
  sendMode: THubSendMode = "ws",
): Promise<TRelayResult> {
  if (plan.messagesPerConversation > 20) throw new Error("the hub allows a visitor 20 messages per 10 s");
  const widgetHeaders = {
    origin: hub.url,
    [WIDGET_ORIGIN_HEADER]: BENCH_SITE_ORIGIN,
    "content-type": "application/json",
  };
  const count = plan.concurrency * plan.conversationsPerLane;
  const sockets: WebSocket[] = [];
  const agents: Agent[] = [];
  const acks = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  try {
    const visitors = await inParallel(
      Array.from({ length: count }, (_, i) => i),
      8,
      async () => {
        const address = addresses.next();
        const agent = createVisitorAgent(address);
        agents.push(agent);
        const session = await httpRequest(`${hub.url}${WIDGET_API_PATHS.session}`, {
          method: "POST",
          headers: widgetHeaders,
          body: JSON.stringify({ siteKey: hub.siteKey }),
          agent,
        });
        if (session.status !== 200) throw new Error(`widget session: HTTP ${session.status} ${session.text}`);
        const { visitorToken } = JSON.parse(session.text) as { visitorToken: string };
        const auth = { ...widgetHeaders, authorization: `Bearer ${visitorToken}` };
        const started = await httpRequest(`${hub.url}${WIDGET_API_PATHS.conversations}`, {
          method: "POST",
          headers: auth,
          body: "{}",
          agent,
        });
        if (started.status !== 201)
          throw new Error(`widget conversation: HTTP ${started.status} ${started.text}`);
        const { conversation } = JSON.parse(started.text) as { conversation: { id: string } };
        return {
          address,
          agent,
          auth,
          visitorToken,
          conversationId: conversation.id,
          socket: null as WebSocket | null,
        };
      },
    );

    const waiters = new DeliveryWaiters();
    const subscribed = new Map<string, () => void>();
    for (let first = 0; first < count; first += SUBSCRIPTIONS_PER_AGENT_SOCKET) {
      const socket = await openSocket(hub.realtimeUrl, { Origin: hub.url, Cookie: hub.cookie });
      sockets.push(socket);
      socket.on("message", (data) => {
        const at = performance.now();
        const frame = JSON.parse(String(data)) as TConsoleFrame;
        if (frame.type === "message" && frame.conversationId && frame.message) {
          waiters.deliver(frame.conversationId, frame.message.body, at);
        } else if (frame.type === "conversation" && frame.conversation) {
          subscribed.get(frame.conversation.id)?.();
        } else if (frame.type === "error" || frame.type === "signed-out") {
          console.error(
            `console socket: ${frame.type} ${frame.error?.code ?? ""} ${frame.error?.message ?? ""}`,
          );
        }
      });
      const batch = visitors.slice(first, first + SUBSCRIPTIONS_PER_AGENT_SOCKET);
      await Promise.all(
        batch.map(
          ({ conversationId }) =>
            new Promise<void>((resolve) => {
              subscribed.set(conversationId, resolve);
              socket.send(JSON.stringify({ type: "subscribe", conversationId, afterSeq: 0 }));
            }),
        ),
      );
    }
    await inParallel(visitors, 50, async (visitor) => {
      const answer = await httpRequest(
        `${hub.url}${WIDGET_API_PATHS.messages}?conversationId=${visitor.conversationId}`,
        { method: "GET", headers: visitor.auth, agent: visitor.agent },
      );
      if (answer.status !== 200) throw new Error(`widget messages: HTTP ${answer.status} ${answer.text}`);
      if (sendMode === "ws") {
        visitor.socket = await openWidgetSocket(
          hub,
          visitor.address,
          visitor.visitorToken,
          visitor.conversationId,
          acks,
        );
        sockets.push(visitor.socket);
      }
    });

    const sendOverSocket = (socket: WebSocket, conversationId: string, body: string) => {
      const clientMessageId = randomUUID();
      const acked = new Promise<void>((resolve, reject) => acks.set(clientMessageId, { resolve, reject }));
      socket.send(JSON.stringify({ type: "send", conversationId, body, clientMessageId }));
      return acked;
    };
    const sendOverPost = async (visitor: (typeof visitors)[number], body: string) => {
      const answer = await httpRequest(`${hub.url}${WIDGET_API_PATHS.messages}`, {
        method: "POST",
        headers: visitor.auth,
        body: JSON.stringify({ conversationId: visitor.conversationId, body, clientMessageId: randomUUID() }),
        agent: visitor.agent,
      });
      if (answer.status !== 201) throw new Error(`widget message: HTTP ${answer.status} ${answer.text}`);
    };

    return await runLanes(
      plan,
      async (lane, conversation, index) => {
        const visitor = visitors[conversation * plan.concurrency + lane];
        if (visitor === undefined) throw new Error("no visitor for this lane");
        const body = messageBody(lane, conversation * plan.messagesPerConversation + index);
        const sentAt = performance.now();
        const delivered = waiters.expect(visitor.conversationId, body);
        if (visitor.socket !== null) await sendOverSocket(visitor.socket, visitor.conversationId, body);
        else await sendOverPost(visitor, body);
        return (await delivered) - sentAt;
      },
      hooks,
    );
  } finally {
    for (const socket of sockets) socket.terminate();
    for (const agent of agents) agent.destroy();
  }
}

/** How visitors send and agents receive on the bare relay. */
export type TBareMode =
  /** Visitor WebSocket → relay → agent WebSocket (the relay baseline). */
  | "ws"
  /** Visitor HTTP POST → relay → agent WebSocket (same upstream as SSE: isolates the delivery leg). */
  | "post-ws"
  /** Visitor HTTP POST → relay → agent Server-Sent Events stream. */
  | "post-sse";

function openEventStream(url: string, onData: (data: string, at: number) => void): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`${url}: HTTP ${res.statusCode}`));
        return;
      }
      res.socket.setNoDelay(true);
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (event.startsWith("data: ")) onData(event.slice(6), at);
        }
      });
      resolve(res);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The bare relay (lib/bare-relay.ts) under the same lanes, messages and bodies as the hub. */
export async function runBareRelay(
  relayPort: number,
  plan: TRelayPlan,
  mode: TBareMode,
): Promise<TRelayResult> {
  const base = `127.0.0.1:${relayPort}`;
  const agents = Math.ceil(plan.concurrency / SUBSCRIPTIONS_PER_AGENT_SOCKET);
  const waiters = new DeliveryWaiters();
  const onData = (data: string, at: number) => {
    const { c, b } = JSON.parse(data) as { c: string; b: string };
    waiters.deliver(c, b, at);
  };
  const agentSockets: WebSocket[] = [];
  const streams: IncomingMessage[] = [];
  const visitorSockets: WebSocket[] = [];
  const laneAgents =
    mode === "ws" ? [] : Array.from({ length: plan.concurrency }, () => createVisitorAgent());
  // Agent ids are unique per run, so a late frame of an earlier run never lands here.
  const run = randomUUID().slice(0, 8);
  try {
    for (let a = 0; a < agents; a++) {
      if (mode === "post-sse") {
        streams.push(await openEventStream(`http://${base}/events?id=${run}-${a}`, onData));
      } else {
        const socket = await openSocket(`ws://${base}/agent?id=${run}-${a}`);
        socket.on("message", (data) => onData(String(data), performance.now()));
        agentSockets.push(socket);
      }
    }
    if (mode === "ws") {
      for (let lane = 0; lane < plan.concurrency; lane++) {
        const agent = `${run}-${lane % agents}`;
        visitorSockets.push(await openSocket(`ws://${base}/visitor?agent=${agent}`));
      }
    } else {
      // Each lane's connection is open before timing starts, as for the hub.
      await inParallel(laneAgents, 50, async (agent) => {
        const answer = await httpRequest(`http://${base}/ping`, { method: "GET", agent });
        if (answer.status !== 204) throw new Error(`bare relay ping: HTTP ${answer.status}`);
      });
    }
    return await runLanes(plan, async (lane, conversation, index) => {
      const key = `lane-${lane}`;
      const body = messageBody(lane, conversation * plan.messagesPerConversation + index);
      const payload = JSON.stringify({ c: key, b: body });
      const sentAt = performance.now();
      const delivered = waiters.expect(key, body);
      if (mode === "ws") {
        visitorSockets[lane]?.send(payload);
      } else {
        const to = mode === "post-sse" ? "sse" : "ws";
        const agent = laneAgents[lane];
        if (agent === undefined) throw new Error("no connection for this lane");
        const answer = await httpRequest(`http://${base}/send?agent=${run}-${lane % agents}&to=${to}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: payload,
          agent,
        });
        if (answer.status !== 204) throw new Error(`bare relay send: HTTP ${answer.status}`);
      }
      return (await delivered) - sentAt;
    });
  } finally {
    for (const socket of [...agentSockets, ...visitorSockets]) socket.terminate();
    for (const stream of streams) stream.destroy();
    for (const agent of laneAgents) agent.destroy();
  }
}
