// Test support for the chat and workspace suites (not exported from the package): a real SQLite
// store in a temp dir, a real vault, an in-process bus whose events are recorded, and a set-up
// workspace.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TBusEvent } from "../bus/bus-event";
import { createMemoryBus, type MemoryBus } from "../bus/create-memory-bus";
import { createKeyring, generateMasterKey } from "../crypto/keyring";
import { createVault, type Vault } from "../crypto/vault";
import { isAppError } from "../errors/app-error";
import type { TMemberActor, TVisitorActor } from "../rbac/actors";
import type { TRole } from "../schemas/common";
import type { TDepartment } from "../schemas/department";
import type { TMember } from "../schemas/member";
import type { TPolicySettings } from "../schemas/policy";
import type { Store, TSiteRow } from "../store/port";
import { openSqliteStore } from "../store/sqlite";
import { addDepartment } from "../workspace/add-department";
import { addMember } from "../workspace/add-member";
import { addSite } from "../workspace/add-site";
import { setupWorkspace } from "../workspace/setup-workspace";
import type { TChatDeps } from "./deps";
import { resolveVisitor } from "./resolve-visitor";

/** The actor a signed-in member acts as (the hub builds it from the member row). */
export function toMemberActor(member: TMember): TMemberActor {
  return {
    type: "member",
    workspaceId: member.workspaceId,
    memberId: member.id,
    role: member.role,
    departmentIds: [...member.departmentIds],
    status: member.status,
  };
}

/** Asserts a promise rejects with an AppError of that code (and returns it for further checks). */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error) && error.code === code) return error;
    throw new Error(`expected AppError ${code}, got ${isAppError(error) ? error.code : String(error)}`);
  }
  throw new Error(`expected AppError ${code}, but it resolved`);
}

/** A workspace ready to chat in, with helpers to add people. */
export interface THarness {
  deps: TChatDeps;
  store: Store;
  vault: Vault;
  bus: MemoryBus;
  /** Every bus event published so far, in order. */
  events: TBusEvent[];
  masterKey: Buffer;
  /** The SQLite file, for tests that edit rows behind the store's back. */
  dbPath: string;
  workspaceId: string;
  admin: TMemberActor;
  general: TDepartment;
  site: TSiteRow;
  addDepartment(name: string): Promise<TDepartment>;
  addMember(role: TRole, departmentIds: string[], email?: string): Promise<TMemberActor>;
  newVisitor(options?: { name?: string; site?: TSiteRow }): Promise<TVisitorActor>;
  putPolicy(settings: TPolicySettings): Promise<void>;
  dispose(): Promise<void>;
}

let counter = 0;

/** Opens a fresh store in a temp dir and sets up a workspace with one site. */
export async function createHarness(options: { now?: () => Date } = {}): Promise<THarness> {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-chat-"));
  const dbPath = join(dir, "tawkster.db");
  const store = await openSqliteStore(dbPath);
  const masterKey = generateMasterKey();
  const vault = createVault({ keyring: createKeyring(masterKey), keys: store.keys });
  const bus = createMemoryBus();
  const events: TBusEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const deps: TChatDeps = { store, vault, bus, ...(options.now && { now: options.now }) };
  const setup = await setupWorkspace(deps, {
    workspaceName: "Acme Health",
    admin: { email: "admin@acme.test", name: "Ada Admin", passwordHash: "$argon2id$fake" },
  });
  const admin = toMemberActor(setup.admin);
  const workspaceId = setup.workspace.id;
  const { site } = await addSite(deps, admin, { name: "Shop", allowedDomains: ["shop.acme.test"] });
  const siteRow = await store.scoped(workspaceId).sites.get(site.id);
  if (!siteRow) throw new Error("site vanished");

  return {
    deps,
    store,
    vault,
    bus,
    events,
    masterKey,
    dbPath,
    workspaceId,
    admin,
    general: setup.department,
    site: siteRow,
    addDepartment: (name) => addDepartment(deps, admin, { name }),
    async addMember(role, departmentIds, email) {
      counter++;
      const member = await addMember(deps, admin, {
        email: email ?? `member${counter}@acme.test`,
        name: `Member ${counter}`,
        role,
        departmentIds,
        passwordHash: "$argon2id$fake",
      });
      return toMemberActor(member);
    },
    async newVisitor(visitorOptions = {}) {
      const { actor } = await resolveVisitor(deps, {
        site: visitorOptions.site ?? siteRow,
        visitorId: null,
        identity: visitorOptions.name
          ? { email: "visitor@example.test", name: visitorOptions.name, verified: false }
          : null,
        ip: "203.0.113.77",
        consentFunctional: false,
      });
      return actor;
    },
    async putPolicy(settings) {
      await store.scoped(workspaceId).policies.put({ type: "workspace" }, settings);
    },
    async dispose() {
      await bus.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
