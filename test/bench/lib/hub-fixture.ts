// A real hub for the benches: seeded with core operations before it starts (a workspace, its
// admin who answers in the console, one site, and optionally many visitors with their
// conversations), started the way a user starts it (spawnHub → `npm start` on free ports, temp
// data dir), and the admin signed in through the real next-auth sign-in flow.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, toMemberActor } from "@tawkster/core/auth";
import { createMemoryBus } from "@tawkster/core/bus";
import { resolveVisitor, startConversation, type TChatDeps } from "@tawkster/core/chat";
import { createKeyring, createVault } from "@tawkster/core/crypto";
import type { TVisitorActor } from "@tawkster/core/rbac";
import { createSqlStore, type TSiteRow } from "@tawkster/core/store";
import { createSqliteDriver, openSqliteDatabase } from "@tawkster/core/store/sqlite";
import { deriveWidgetTokenKey, signVisitorToken } from "@tawkster/core/widget";
import { addSite, putPolicy, setupWorkspace } from "@tawkster/core/workspace";
import { spawnHub, type THub } from "../../e2e/fixtures/spawn-hub";
import { probeEnv } from "./probe";
import { findHubServerPid } from "./proc";

export const BENCH_ADMIN = {
  email: "bench.admin@bench.example",
  name: "Bench Admin",
  password: "quiet lantern orchard 2718",
} as const;

/** The website the bench's site allows; widget calls name it in Tawkster-Widget-Origin. */
export const BENCH_SITE_ORIGIN = "https://shop.bench.example";

/** A visitor seeded before start: their conversation and a signed token for the widget socket. */
export type TSeededVisitor = { visitorId: string; conversationId: string; visitorToken: string };

export type TBenchHub = {
  url: string;
  realtimeUrl: string;
  port: number;
  /** The hub server process (hub/server.ts), whose memory the connections bench reads. */
  pid: number;
  siteKey: string;
  /** Cookie header of the signed-in admin (session and CSRF cookies). */
  cookie: string;
  visitors: TSeededVisitor[];
  stop(): Promise<void>;
};

/**
 * Seeds a temp data dir and starts a hub on it. Bulk visitors are written with SQLite's
 * `synchronous = OFF` (seeding is not measured; the hub reopens the file and flushes every commit).
 */
export async function startBenchHub(
  options: {
    visitors?: number;
    /** Load bench-probe.cjs into the hub server, writing its profiles and memory reports here. */
    probeDir?: string;
    /** Where the temp data dir goes (default the OS temp dir); /dev/shm takes fsync out of the picture. */
    dataParent?: string;
  } = {},
): Promise<TBenchHub> {
  const parent = mkdtempSync(join(options.dataParent ?? tmpdir(), "tawkster-bench-"));
  // Also on an interrupted run (see exitOnSignals): spawn-hub's own exit handler kills the hub.
  const removeData = () => rmSync(parent, { recursive: true, force: true });
  process.once("exit", removeData);
  const dataDir = join(parent, "data");
  mkdirSync(dataDir, { recursive: true });
  const masterKey = randomBytes(32);
  let siteKey = "";
  const visitors: TSeededVisitor[] = [];

  const db = openSqliteDatabase(join(dataDir, "tawkster.db"));
  db.pragma("synchronous = OFF");
  const store = createSqlStore(createSqliteDriver(db));
  const deps: TChatDeps = {
    store,
    vault: createVault({ keyring: createKeyring(masterKey), keys: store.keys }),
    bus: createMemoryBus(),
  };
  try {
    await store.migrate();
    const { workspaceId, site } = await seedBenchWorkspace(deps);
    siteKey = site.siteKey;
    const tokenKey = deriveWidgetTokenKey(masterKey);
    const issuedAt = new Date();
    const expiresAt = new Date(issuedAt.getTime() + 6 * 3_600_000);
    for (let i = 0; i < (options.visitors ?? 0); i++) {
      const actor = await newWidgetVisitor(deps, site);
      const conversation = await startConversation(deps, actor);
      visitors.push({
        visitorId: actor.visitorId,
        conversationId: conversation.id,
        visitorToken: signVisitorToken(tokenKey, {
          workspaceId,
          siteId: site.id,
          visitorId: actor.visitorId,
          origin: BENCH_SITE_ORIGIN,
          persistent: false,
          issuedAt,
          expiresAt,
        }),
      });
    }
  } finally {
    await deps.bus.close();
    await store.close();
  }

  let hub: THub;
  try {
    const env: Record<string, string> = { TAWKSTER_MASTER_KEY: masterKey.toString("base64") };
    hub = await spawnHub({
      dataDir,
      env: { ...env, ...(options.probeDir === undefined ? {} : probeEnv(options.probeDir, "hub/server.ts")) },
    });
  } catch (error) {
    removeData();
    throw error;
  }
  const stop = async () => {
    await hub.stop();
    removeData();
    process.off("exit", removeData);
  };
  try {
    const port = Number(new URL(hub.url).port);
    return {
      url: hub.url,
      realtimeUrl: `${hub.url.replace(/^http/, "ws")}/api/v1/realtime`,
      port,
      pid: findHubServerPid(port),
      siteKey,
      cookie: await signIn(hub.url),
      visitors,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A visitor as the widget first makes one: no identity, no IP kept, no consent to functional storage. */
export async function newWidgetVisitor(deps: TChatDeps, site: TSiteRow): Promise<TVisitorActor> {
  const { actor } = await resolveVisitor(deps, {
    site,
    visitorId: null,
    identity: null,
    ip: null,
    consentFunctional: false,
  });
  return actor;
}

/**
 * Writes the bench's workspace through core: the admin (password hashed with the real argon2id
 * parameters, no second factor required, so they sign in with a password), and the bench site.
 */
export async function seedBenchWorkspace(deps: TChatDeps): Promise<{ workspaceId: string; site: TSiteRow }> {
  const setup = await setupWorkspace(deps, {
    workspaceName: "Bench Co",
    admin: {
      email: BENCH_ADMIN.email,
      name: BENCH_ADMIN.name,
      passwordHash: await hashPassword(BENCH_ADMIN.password),
    },
  });
  const workspaceId = setup.workspace.id;
  const row = await deps.store.scoped(workspaceId).members.get(setup.admin.id);
  if (row === null) throw new Error("the seeded admin vanished");
  const admin = toMemberActor(row);
  // The admin answers chats from the console here; second factors are the auth suites' business.
  await putPolicy(deps, admin, { type: "workspace" }, { twoFactor: { requiredRoles: [] } });
  const { site } = await addSite(deps, admin, { name: "Bench shop", allowedDomains: ["shop.bench.example"] });
  const siteRow = await deps.store.scoped(workspaceId).sites.get(site.id);
  if (siteRow === null) throw new Error("the seeded site vanished");
  return { workspaceId, site: siteRow };
}

/** Signs the admin in through next-auth's credentials endpoint; returns the Cookie header to send. */
async function signIn(baseUrl: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const csrfCookies = csrf.headers.getSetCookie().map((line) => line.split(";")[0] ?? "");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      origin: baseUrl,
      cookie: csrfCookies.join("; "),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ email: BENCH_ADMIN.email, password: BENCH_ADMIN.password, csrfToken }),
  });
  const sessionCookies = response.headers.getSetCookie().map((line) => line.split(";")[0] ?? "");
  await response.body?.cancel();
  if (response.status >= 400 || sessionCookies.length === 0) {
    throw new Error(`sign-in as the bench admin failed (HTTP ${response.status})`);
  }
  return [...csrfCookies, ...sessionCookies].join("; ");
}
