// Test support for the auth suites (not exported from the package): a real SQLite store in a temp
// dir, a real vault, a recording bus, a settable clock, and a set-up workspace whose members get
// cheap argon2 hashes (verification cost follows the hash's own parameters, so tests stay fast).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Algorithm, hash } from "@node-rs/argon2";
import type { TBusEvent } from "../bus/bus-event";
import { createMemoryBus } from "../bus/create-memory-bus";
import { createKeyring, generateMasterKey } from "../crypto/keyring";
import { createVault } from "../crypto/vault";
import type { TRole } from "../schemas/common";
import type { TPolicySettings } from "../schemas/policy";
import type { Store, TMemberRow } from "../store/port";
import { openSqliteStore } from "../store/sqlite";
import { setupWorkspace } from "../workspace/setup-workspace";
import type { TAuthDeps } from "./deps";

/** A cheap argon2id hash for test members (the real parameters take ~100 ms per verification). */
export function cheapHash(password: string): Promise<string> {
  return hash(password, { algorithm: 2 as Algorithm, memoryCost: 1024, timeCost: 1, parallelism: 1 });
}

export interface TAuthHarness {
  deps: TAuthDeps;
  store: Store;
  events: TBusEvent[];
  workspaceId: string;
  admin: TMemberRow;
  /** The clock every operation reads; move it with `advance`. */
  now(): Date;
  advance(ms: number): void;
  addMember(role: TRole, options?: { email?: string; password?: string }): Promise<TMemberRow>;
  putPolicy(settings: TPolicySettings): Promise<void>;
  dispose(): Promise<void>;
}

export const ADMIN_PASSWORD = "violet tractor umbrella 42";

/** Opens a fresh store and sets up a workspace whose admin has `ADMIN_PASSWORD`. */
export async function createAuthHarness(): Promise<TAuthHarness> {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-auth-"));
  const store = await openSqliteStore(join(dir, "tawkster.db"));
  const vault = createVault({ keyring: createKeyring(generateMasterKey()), keys: store.keys });
  const bus = createMemoryBus();
  const events: TBusEvent[] = [];
  bus.subscribe((event) => events.push(event));
  let clock = new Date("2026-05-04T09:00:00Z").getTime();
  const deps: TAuthDeps = { store, vault, bus, now: () => new Date(clock) };
  const setup = await setupWorkspace(deps, {
    workspaceName: "Clinic",
    admin: {
      email: "admin@clinic.example",
      name: "Ada Admin",
      passwordHash: await cheapHash(ADMIN_PASSWORD),
    },
  });
  const workspaceId = setup.workspace.id;
  const scope = store.scoped(workspaceId);
  const admin = await scope.members.get(setup.admin.id);
  if (!admin) throw new Error("setup made no admin");
  let n = 0;
  return {
    deps,
    store,
    events,
    workspaceId,
    admin,
    now: () => new Date(clock),
    advance: (ms) => {
      clock += ms;
    },
    async addMember(role, options = {}) {
      n++;
      return scope.members.create({
        id: crypto.randomUUID(),
        email: options.email ?? `${role}${n}@clinic.example`,
        name: `${role} ${n}`,
        role,
        departmentIds: [setup.department.id],
        status: "active",
        twoFactorEnabled: false,
        passwordHash: await cheapHash(options.password ?? ADMIN_PASSWORD),
        keyId: null,
        totpSecretCipher: null,
        createdAt: new Date(clock),
        lastSignInAt: null,
      });
    },
    async putPolicy(settings) {
      await scope.policies.put({ type: "workspace" }, settings);
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
