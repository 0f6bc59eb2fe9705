import type { IncomingMessage } from "node:http";

/**
 * The header that carries the client's address from the custom server to Next's handlers. Next
 * would otherwise trust an `X-Forwarded-For` sent by the client itself, which would let anyone
 * dodge the per-IP sign-in limit by inventing addresses.
 */
export const CLIENT_IP_HEADER = "x-tawkster-client-ip";

/** Overwrites the client-address header with the socket's address (whatever the client sent). */
export function stampClientIp(request: IncomingMessage): void {
  request.headers[CLIENT_IP_HEADER] = request.socket.remoteAddress ?? "";
}

/** The client address stamped by the custom server, or null. */
export function clientIpOf(request: Request): string | null {
  const value = request.headers.get(CLIENT_IP_HEADER);
  return value === null || value === "" ? null : value;
}
