// A small HTTP/1.1 client over node:http for the load generators: one keep-alive connection per
// simulated visitor, from a source address of its own on loopback (Linux routes all of
// 127.0.0.0/8 to lo, so each address is a distinct client IP to the hub — which is how the bench
// starts more widget sessions than the hub allows one IP, without changing the hub's limits).
import { Agent, request } from "node:http";

export type THttpAnswer = { status: number; text: string };

/** One request; the body is sent as given (JSON callers stringify). Retries once on a reset keep-alive socket. */
export async function httpRequest(
  url: string,
  options: {
    method: "GET" | "POST";
    headers?: Record<string, string>;
    body?: string;
    agent?: Agent;
  },
): Promise<THttpAnswer> {
  try {
    return await once(url, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") throw error;
    return once(url, options);
  }
}

function once(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: string; agent?: Agent },
): Promise<THttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body, "utf8");
    const req = request(
      url,
      {
        method: options.method,
        agent: options.agent ?? false,
        headers: {
          ...options.headers,
          ...(body === undefined ? {} : { "content-length": String(body.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * One simulated browser's connection: a keep-alive agent with a single socket (a visitor sends one
 * message at a time), optionally from its own loopback address.
 */
export function createVisitorAgent(localAddress?: string): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: 1,
    keepAliveMsecs: 10_000,
    ...(localAddress === undefined ? {} : { localAddress }),
  });
}

/**
 * Hands out loopback source addresses, each at most `perAddress` times: the hub's widget session
 * limit (30 per minute per address) is then never reached however many visitors a bench needs.
 * Addresses are never reused within one process.
 */
export class LoopbackAddressPool {
  private index = 0;
  private uses = 0;
  constructor(private readonly perAddress = 25) {}

  next(): string {
    if (this.uses >= this.perAddress) {
      this.index++;
      this.uses = 0;
    }
    this.uses++;
    // 127.2.0.2 … 127.2.249.251 and on: never .0, .1 or .255 in the last octet.
    const third = Math.floor(this.index / 250) % 250;
    const second = 2 + Math.floor(this.index / 62_500);
    return `127.${second}.${third}.${(this.index % 250) + 2}`;
  }
}
