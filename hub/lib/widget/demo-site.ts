import { toMemberActor } from "@tawkster/core/auth";
import type { TSiteRow } from "@tawkster/core/store";
import { isOriginAllowed } from "@tawkster/core/widget";
import { addSite } from "@tawkster/core/workspace";
import type { THub } from "../hub-context";

/** The name of the site `npm start` adds for the local demo page. */
export const DEMO_SITE_NAME = "Demo site";

/** Where the demo stands: no workspace yet (set up the hub first), or the site the page embeds. */
export type TDemoSite =
  | { status: "needs-setup" }
  | { status: "ready"; siteKey: string; siteName: string; created: boolean };

/**
 * The origin of the demo page: its port on the hub's host. An unspecified listening address
 * (0.0.0.0, ::) is reached as 127.0.0.1 from this machine, which is also the only kind of host
 * the widget allows over plain HTTP.
 */
export function demoOriginOf(config: { host: string; demoPort: number }): string {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.demoPort}`;
}

const inFlight = new WeakMap<THub, Promise<TDemoSite>>();

/**
 * Finds the site that allows the demo origin, creating "Demo site" for it when there is none —
 * but only once a workspace exists (before first-run setup there is nobody to own it).
 *
 * Who creates it, for the audit log: the workspace's first admin, with `via: "demo"` in the
 * details. Every site must have an accountable creator in the chain, and the first admin is who
 * set this hub up (the demo site exists because they started it locally); `via` tells a reader of
 * the log that it was made automatically, not clicked. Core has no system actor for site
 * administration, and inventing one for a demo would widen what system jobs may do.
 *
 * Safe to call from several requests at once: one creation runs, the others wait for it.
 */
export function ensureDemoSite(hub: THub, demoOrigin: string): Promise<TDemoSite> {
  const running = inFlight.get(hub);
  if (running !== undefined) return running;
  const work = findOrCreate(hub, demoOrigin).finally(() => inFlight.delete(hub));
  inFlight.set(hub, work);
  return work;
}

async function findOrCreate(hub: THub, demoOrigin: string): Promise<TDemoSite> {
  const [workspace] = await hub.store.workspaces.list();
  if (workspace === undefined) return { status: "needs-setup" };
  const scope = hub.store.scoped(workspace.id);
  const sites = await scope.sites.list();
  const existing = pickDemoSite(sites, demoOrigin);
  if (existing !== null) {
    return { status: "ready", siteKey: existing.siteKey, siteName: existing.name, created: false };
  }
  const admin = (await scope.members.list())
    .filter((member) => member.role === "admin" && member.status === "active")
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
  if (admin === undefined) return { status: "needs-setup" };
  const { site } = await addSite(
    { store: hub.store, vault: hub.vault, bus: hub.bus, now: hub.now, auditDetails: { via: "demo" } },
    toMemberActor(admin),
    {
      name: DEMO_SITE_NAME,
      allowedDomains: [demoOrigin],
      // The demo shows both storage modes: a tab-only session until the page passes consent.
      consentMode: "functional-with-consent",
    },
  );
  return { status: "ready", siteKey: site.siteKey, siteName: site.name, created: true };
}

function pickDemoSite(sites: readonly TSiteRow[], demoOrigin: string): TSiteRow | null {
  const allowing = sites.filter((site) => isOriginAllowed(site.allowedDomains, demoOrigin));
  return allowing.find((site) => site.name === DEMO_SITE_NAME) ?? allowing[0] ?? null;
}
