import { createServer, type Server } from "node:http";
import type { TConfig } from "@tawkster/core/config";
import { AppError } from "@tawkster/core/errors";
import { dispatch } from "../api/dispatch";
import { ROUTES } from "../api/routes";
import { SECURITY_HEADERS } from "../next.config";
import { createDemoServer } from "./demo-page";
import { errorResponse } from "./http";
import type { THub } from "./hub-context";
import { clientAddress, sendWebResponse, toWebRequest } from "./node-web";

/** Paths served by the hub's own framework-free handlers; everything else goes to Next. */
export function isOwnPath(pathname: string): boolean {
  return pathname.startsWith("/api/v1/") || pathname === "/widget.js" || pathname.startsWith("/widget/");
}

/** The running HTTP servers of the hub process. */
export type THubServers = {
  hubUrl: string;
  demoUrl: string;
  /** Stops accepting connections, lets open requests finish, then stops Next. */
  close: () => Promise<void>;
};

/** How long open connections may take to finish once a shutdown starts. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Starts Next (from the build in `<hubDir>/.next`) on TAWKSTER_HOST:TAWKSTER_PORT and the demo
 * site on TAWKSTER_DEMO_PORT. Realtime delivery will attach its WebSocket upgrade handler to
 * `hub` here, next to Next's request handler.
 */
export async function startHubServers(options: {
  config: TConfig;
  hubDir: string;
  hub: THub;
}): Promise<THubServers> {
  const { config, hubDir, hub: services } = options;
  // Imported only now, so that a bad configuration fails fast without loading Next.
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: hubDir, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const baseUrl = urlOf(config.host, config.port);
  const hub = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", baseUrl).pathname;
    if (isOwnPath(pathname)) {
      toWebRequest(request, baseUrl)
        .then((webRequest) => dispatch(ROUTES, webRequest, services, clientAddress(request)))
        .catch((error: unknown) => errorResponse(error))
        .then((webResponse) => sendWebResponse(response, webResponse, SECURITY_HEADERS))
        .catch(() => response.destroy());
      return;
    }
    handle(request, response).catch((error: unknown) => {
      console.error("Request failed:", error instanceof Error ? error.message : "unknown error");
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      response.end("Internal server error.\n");
    });
  });
  const demo = createDemoServer();

  try {
    await listen(hub, config.port, config.host, "TAWKSTER_PORT");
    await listen(demo, config.demoPort, config.host, "TAWKSTER_DEMO_PORT");
  } catch (error) {
    await Promise.all([closeServer(hub), closeServer(demo)]);
    await app.close();
    throw error;
  }

  return {
    hubUrl: urlOf(config.host, config.port),
    demoUrl: urlOf(config.host, config.demoPort),
    close: async () => {
      await Promise.all([closeServer(hub), closeServer(demo)]);
      await app.close();
      await services.close();
    },
  };
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** Listens, turning "port taken" and "address unavailable" into a one-line config error. */
function listen(server: Server, port: number, host: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE"
          ? "is already in use"
          : error.code === "EACCES"
            ? "needs more privileges than this process has"
            : error.code === "EADDRNOTAVAIL"
              ? "is not an address of this machine"
              : `cannot be listened on (${error.code ?? "unknown error"})`;
      reject(new AppError("config.invalid", `${variable}: ${host}:${port} ${reason}`, { cause: error }));
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
