import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { AppError } from "@tawkster/core/errors";

/** Largest request body any API route accepts; a message is at most 8,000 characters. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a Node request into a Web `Request`, refusing bodies over the limit before buffering them. */
export async function toWebRequest(req: IncomingMessage, baseUrl: string): Promise<Request> {
  const method = req.method ?? "GET";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const url = new URL(req.url ?? "/", baseUrl);
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("request.too_large", "The request body is too large.");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AppError("request.too_large", "The request body is too large.");
    chunks.push(chunk as Buffer);
  }
  return new Request(url, { method, headers, body: Buffer.concat(chunks) });
}

/** Writes a Web `Response` to a Node response, adding the headers every hub response carries. */
export async function sendWebResponse(
  res: ServerResponse,
  response: Response,
  baseHeaders: readonly { key: string; value: string }[],
): Promise<void> {
  for (const { key, value } of baseHeaders) res.setHeader(key, value);
  response.headers.forEach((value, key) => {
    if (key === "set-cookie") return;
    res.setHeader(key, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.statusCode = response.status;
  if (!response.body) {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream)
      .pipe(res)
      .on("finish", resolve)
      .on("error", reject);
  });
}

/** The client's address as seen by this server (a proxy in front must be configured to forward it). */
export function clientAddress(req: IncomingMessage): string | null {
  return req.socket.remoteAddress ?? null;
}
