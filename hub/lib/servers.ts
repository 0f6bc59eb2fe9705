import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { TConfig } from "@tawkster/core/config";
import { AppError, toErrorResponse } from "@tawkster/core/errors";
import { dispatch } from "../api/dispatch";
import { ROUTES } from "../api/routes";
import { createJobLog } from "../jobs/job-log";
import { startRetentionJob } from "../jobs/retention-job";
import { attachRealtime } from "../realtime/attach-realtime";
import { stampClientIp } from "./auth/client-ip";
import { createDemoServer } from "./demo-page";
import { errorResponse } from "./http";
import { resolveHubBaseUrl, type THub } from "./hub-context";
import { clientAddress, sendWebResponse, toWebRequest } from "./node-web";
import { demoOriginOf, ensureDemoSite, type TDemoSite } from "./widget/demo-site";
import { createWidgetAssets } from "./widget/widget-assets";
import { baseHeadersFor, createWidgetPageRoutes } from "./widget/widget-pages";

/** Paths served by the hub's own framework-free handlers; everything else goes to Next. */
export function isOwnPath(pathname: string): boolean {
  return pathname.startsWith("/api/v1/") || pathname === "/widget.js" || pathname.startsWith("/widget/");
}

/** The running HTTP servers of the hub process. */
export type THubServers = {
  hubUrl: string;
  demoUrl: string;
  /** The demo site at start-up: waiting for first-run setup, or embedding its site. */
  demo: TDemoSite;
  /** Stops accepting connections, lets open requests finish, then stops Next. */
  close: () => Promise<void>;
};

/** How long open connections may take to finish once a shutdown starts. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Starts Next (from the build in `<hubDir>/.next`) on TAWKSTER_HOST:TAWKSTER_PORT and the demo
 * site on TAWKSTER_DEMO_PORT, with the realtime WebSocket endpoint attached to the hub server.
 */
export async function startHubServers(options: {
  config: TConfig;
  hubDir: string;
  hub: THub;
}): Promise<THubServers> {
  const { config, hubDir, hub: services } = options;
  // Imported only now, so that a bad configuration fails fast without loading Next.
  const { default: next } = await import("next");
  // Next hangs an 'upgrade' listener on the server of its first request, which ends every upgrade
  // matching one of its routes (its /api catch-all matches /api/v1/realtime). Upgrades belong to
  // the realtime server, so Next gets a server of its own that never listens.
  const nextUpgradeSink = createServer();
  const app = next({
    dev: false,
    dir: hubDir,
    hostname: config.host,
    port: config.port,
    httpServer: nextUpgradeSink,
  });
  await app.prepare();
  const handle = app.getRequestHandler();

  const baseUrl = urlOf(config.host, config.port);
  // HSTS only where the hub is really reached over https: on plain-http localhost it would be ignored
  // at best and, on a shared host name, pin https for sites that do not have it.
  const transportHeaders = config.publicUrl?.startsWith("https:")
    ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }]
    : [];
  // The widget's files (loader, frame page and its bundles, built by scripts/build-widget.mjs)
  // are served by the same framework-free dispatch as the API, after the API's routes.
  const ownRoutes = [...ROUTES, ...createWidgetPageRoutes(createWidgetAssets(join(hubDir, ".widget-build")))];
  const hub = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", baseUrl).pathname;
    if (isOwnPath(pathname)) {
      toWebRequest(request, baseUrl)
        .then((webRequest) => dispatch(ownRoutes, webRequest, services, clientAddress(request)))
        .catch((error: unknown) => errorResponse(error))
        .then((webResponse) =>
          sendWebResponse(response, webResponse, [...baseHeadersFor(pathname), ...transportHeaders]),
        )
        .catch(() => response.destroy());
      return;
    }
    stampClientIp(request);
    // Next keeps headers already set on the response, so everything it serves carries HSTS too.
    for (const { key, value } of transportHeaders) response.setHeader(key, value);
    handle(request, response).catch((error: unknown) => {
      // The class only: a message could quote the request (a body, a header, a token).
      console.error(`Request failed (${error instanceof Error ? error.name : "unknown"})`);
      const { status, body } = toErrorResponse(error);
      if (!response.headersSent)
        response.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
      response.end(JSON.stringify(body));
    });
  });
  // WebSocket upgrades at /api/v1/realtime (console and widget live delivery); others are dropped.
  const realtime = attachRealtime(hub, services);
  const demoOrigin = demoOriginOf(config);
  const demo = createDemoServer({ hub: services, hubBaseUrl: resolveHubBaseUrl(config), demoOrigin });

  try {
    await listen(hub, config.port, config.host, "TAWKSTER_PORT");
    await listen(demo, config.demoPort, config.host, "TAWKSTER_DEMO_PORT");
  } catch (error) {
    await realtime.close();
    await Promise.all([closeServer(hub), closeServer(demo)]);
    await app.close();
    throw error;
  }

  // Once a workspace exists, the demo page's site is there before anyone opens the page; before
  // setup the page says what to do, and creates the site on its first request after setup.
  const demoSite = await ensureDemoSite(services, demoOrigin).catch((error: unknown) => {
    console.error(`Could not prepare the demo site: ${error instanceof Error ? error.name : "unknown"}`);
    return { status: "needs-setup" } as const;
  });
  const retention = startRetentionJob({
    deps: services,
    intervalMs: config.retentionIntervalMinutes * 60_000,
    log: createJobLog(config.logLevel),
  });

  return {
    hubUrl: urlOf(config.host, config.port),
    demoUrl: urlOf(config.host, config.demoPort),
    demo: demoSite,
    close: async () => {
      const retentionStopped = retention.stop();
      // WebSockets first: an upgraded connection would otherwise hold the HTTP server open.
      await realtime.close();
      await Promise.all([closeServer(hub), closeServer(demo)]);
      await app.close();
      // A purge in progress finishes its batch before the store it writes to closes.
      await retentionStopped;
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
