// Test support for the hub's auth handlers (never imported by production code): a real hub
// context over SQLite in a temp dir, and helpers that drive the handlers with plain Requests the
// way a browser on the hub's own origin would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@tawkster/core/config";
import { generateMasterKey } from "@tawkster/core/crypto";
import { dispatch } from "../../api/dispatch";
import { ROUTES } from "../../api/routes";
import { createHub, type THub } from "../hub-context";
import { CLIENT_IP_HEADER } from "./client-ip";
import { handleAuthRequest } from "./handle-auth-request";

/** The origin test requests come from (the hub listens on 127.0.0.1:3000 by default). */
export const TEST_ORIGIN = "http://127.0.0.1:3000";

/** A hub over a fresh SQLite file; `dispose` closes it and deletes the directory. */
export async function createTestHub(
  options: { now?: () => Date } = {},
): Promise<{ hub: THub; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-hub-auth-"));
  const config = loadConfig({ TAWKSTER_DATA_DIR: dir }, { cwd: dir });
  const base = await createHub(config, { current: generateMasterKey(), previous: [], source: "env" });
  const hub: THub = options.now ? { ...base, now: options.now } : base;
  return {
    hub,
    dispose: async () => {
      await base.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser-ish cookie jar: keeps name=value of every Set-Cookie, drops cleared ones. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** Calls the hub's own API router like the custom server does. */
export function callApi(
  hub: THub,
  method: string,
  path: string,
  options: { jar?: CookieJar; body?: unknown; origin?: string | null; clientIp?: string } = {},
): Promise<Response> {
  const headers = new Headers({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36" });
  if (options.jar) headers.set("cookie", options.jar.header());
  const origin = options.origin === undefined ? TEST_ORIGIN : options.origin;
  if (origin !== null && method !== "GET") headers.set("origin", origin);
  let body: string | undefined;
  if (options.body !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.body);
  }
  const request = new Request(`${TEST_ORIGIN}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return dispatch(ROUTES, request, hub, options.clientIp ?? "127.0.0.1");
}

/** Calls `/api/auth/*` like Next does with the custom server's stamped client address. */
export function callAuth(
  hub: THub,
  method: string,
  path: string,
  options: { jar?: CookieJar; form?: Record<string, string>; origin?: string | null; clientIp?: string } = {},
): Promise<Response> {
  const headers = new Headers({
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36",
    [CLIENT_IP_HEADER]: options.clientIp ?? "127.0.0.1",
  });
  if (options.jar) headers.set("cookie", options.jar.header());
  const origin = options.origin === undefined ? TEST_ORIGIN : options.origin;
  if (origin !== null && method !== "GET") headers.set("origin", origin);
  let body: string | undefined;
  if (options.form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(options.form).toString();
  }
  const request = new Request(`${TEST_ORIGIN}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return handleAuthRequest(hub, request);
}

/** Signs in through the real next-auth handler; returns the response and the jar holding the cookies. */
export async function signInThroughHandler(
  hub: THub,
  credentials: { email: string; password: string; code?: string },
  options: { jar?: CookieJar; clientIp?: string } = {},
): Promise<{ response: Response; jar: CookieJar }> {
  const jar = options.jar ?? new CookieJar();
  const csrf = await callAuth(hub, "GET", "/api/auth/csrf", { jar });
  jar.store(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await callAuth(hub, "POST", "/api/auth/callback/credentials", {
    jar,
    form: { ...credentials, csrfToken },
    ...(options.clientIp === undefined ? {} : { clientIp: options.clientIp }),
  });
  jar.store(response);
  return { response, jar };
}
