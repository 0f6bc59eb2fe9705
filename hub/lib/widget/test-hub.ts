// Test support for the widget's handlers (never imported by production code): a real hub context
// over SQLite and a vault in a temp dir, a set-up workspace with sites, and helpers that call the
// handlers with plain Requests the way the widget frame does.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toMemberActor } from "@tawkster/core/auth";
import type { TChatDeps } from "@tawkster/core/chat";
import { loadConfig } from "@tawkster/core/config";
import { generateMasterKey } from "@tawkster/core/crypto";
import type { TMemberActor } from "@tawkster/core/rbac";
import { WIDGET_ORIGIN_HEADER } from "@tawkster/core/widget";
import { addSite, setupWorkspace, type TAddSiteInput } from "@tawkster/core/workspace";
import { dispatch } from "../../api/dispatch";
import type { TRoute } from "../../api/route";
import { createHub, type THub } from "../hub-context";

/** The hub's origin in these tests (the default TAWKSTER_HOST and TAWKSTER_PORT). */
export const HUB_ORIGIN = "http://127.0.0.1:3000";

/** A site as the tests need it: its ids, key, identity secret and an origin it allows. */
export type TTestSite = { id: string; siteKey: string; identitySecret: string; origin: string };

export type TWidgetTestHub = {
  hub: THub;
  deps: TChatDeps;
  admin: TMemberActor;
  workspaceId: string;
  /** Functional-with-consent, allows https://shop.example.com and https://www.example.com. */
  shop: TTestSite;
  /** Essential mode, allows https://blog.example.org. */
  blog: TTestSite;
  addSite(input: TAddSiteInput, origin: string): Promise<TTestSite>;
  /** Visitor rows of the workspace (counted through retention's listing, which sees them all). */
  countVisitors(): Promise<number>;
  dispose(): Promise<void>;
};

/** A hub over a fresh SQLite file with a workspace, its admin and two sites. */
export async function createWidgetTestHub(options: { now?: () => Date } = {}): Promise<TWidgetTestHub> {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-widget-"));
  const config = loadConfig({ TAWKSTER_DATA_DIR: dir }, { cwd: dir });
  const base = await createHub(config, { current: generateMasterKey(), previous: [], source: "env" });
  const hub: THub = options.now ? { ...base, now: options.now } : base;
  const deps: TChatDeps = { store: hub.store, vault: hub.vault, bus: hub.bus, now: hub.now };
  const setup = await setupWorkspace(deps, {
    workspaceName: "Acme",
    admin: {
      email: "ada@acme.example",
      name: "Ada Admin",
      passwordHash: "$argon2id$v=19$m=65536,t=3,p=4$fake",
    },
  });
  const memberRow = await hub.store.scoped(setup.workspace.id).members.get(setup.admin.id);
  if (memberRow === null) throw new Error("the admin vanished");
  const admin = toMemberActor(memberRow);
  const add = async (input: TAddSiteInput, origin: string): Promise<TTestSite> => {
    const { site, identitySecret } = await addSite(deps, admin, input);
    return { id: site.id, siteKey: site.siteKey, identitySecret, origin };
  };
  const shop = await add(
    {
      name: "Shop",
      allowedDomains: ["shop.example.com", "www.example.com"],
      consentMode: "functional-with-consent",
      privacyPolicyUrl: "https://shop.example.com/privacy",
    },
    "https://shop.example.com",
  );
  const blog = await add({ name: "Blog", allowedDomains: ["blog.example.org"] }, "https://blog.example.org");
  return {
    hub,
    deps,
    admin,
    workspaceId: setup.workspace.id,
    shop,
    blog,
    addSite: add,
    countVisitors: async () =>
      (await hub.store.scoped(setup.workspace.id).visitors.listLastSeenBefore(new Date(8.64e15), 100_000))
        .length,
    dispose: async () => {
      await base.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How a test call looks to the handlers: the frame's headers unless a test overrides them. */
export type TWidgetCallOptions = {
  /** `Origin`; the hub's own by default, null to leave it out. */
  origin?: string | null;
  /** The embedding page (WIDGET_ORIGIN_HEADER); null to leave it out. */
  widgetOrigin?: string | null;
  token?: string | null;
  /** A JSON value, or a raw string sent as it is. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  clientIp?: string | null;
};

/** Calls the widget routes like the custom server does. */
export function callWidget(
  hub: THub,
  routes: readonly TRoute[],
  method: "GET" | "POST",
  path: string,
  options: TWidgetCallOptions = {},
): Promise<Response> {
  const headers = new Headers(options.headers ?? {});
  const origin = options.origin === undefined ? HUB_ORIGIN : options.origin;
  if (origin !== null && (method !== "GET" || options.origin !== undefined)) headers.set("origin", origin);
  const widgetOrigin = options.widgetOrigin === undefined ? "https://shop.example.com" : options.widgetOrigin;
  if (widgetOrigin !== null) headers.set(WIDGET_ORIGIN_HEADER, widgetOrigin);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers.set("content-type", headers.get("content-type") ?? "application/json");
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const request = new Request(`${HUB_ORIGIN}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return dispatch(routes, request, hub, options.clientIp === undefined ? "203.0.113.9" : options.clientIp);
}
