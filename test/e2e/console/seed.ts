// Seeds a hub's data directory with core operations BEFORE the hub starts: a workspace, two
// departments, members of every role, a site, visitors and conversations. The hub is then started
// with the same master key (TAWKSTER_MASTER_KEY), so it reads what was written here.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { hashPassword } from "@tawkster/core/auth";
import { createMemoryBus } from "@tawkster/core/bus";
import { resolveVisitor, sendMessage, startConversation, type TChatDeps } from "@tawkster/core/chat";
import { createKeyring, createVault } from "@tawkster/core/crypto";
import type { TMemberActor } from "@tawkster/core/rbac";
import type { TMember } from "@tawkster/core/schemas";
import { openSqliteStore } from "@tawkster/core/store/sqlite";
import { addDepartment, addMember, addSite, putPolicy, setupWorkspace } from "@tawkster/core/workspace";

/** Every seeded member signs in with this password. */
export const PASSWORD = "correct horse battery staple 42";

/** The website origin the seeded site allows (visitors "come from" here). */
export const SITE_ORIGIN = "https://shop.example.test";

export type TSeededMember = { id: string; email: string; name: string };

export type TSeed = {
  /** Pass to spawnHub's env: the hub must use the master key the data was sealed with. */
  env: Record<string, string>;
  workspaceId: string;
  departments: { sales: string; billing: string };
  admin: TSeededMember;
  /** Agent of Sales only. */
  salesAgent: TSeededMember;
  /** Agent of Billing only. */
  billingAgent: TSeededMember;
  /** Manager of Sales and Billing. */
  manager: TSeededMember;
  siteKey: string;
  /** Waiting conversations, one per department, each with one visitor message. */
  conversations: { sales: string; billing: string };
  visitorNames: { sales: string; billing: string };
};

function toSeeded(member: TMember): TSeededMember {
  return { id: member.id, email: member.email, name: member.name };
}

/** Writes the fixture workspace into `dataDir` (created if missing). */
export async function seedConsoleData(dataDir: string): Promise<TSeed> {
  mkdirSync(dataDir, { recursive: true });
  const masterKey = randomBytes(32);
  const store = await openSqliteStore(join(dataDir, "tawkster.db"));
  const vault = createVault({ keyring: createKeyring(masterKey), keys: store.keys });
  const bus = createMemoryBus();
  const deps: TChatDeps = { store, vault, bus };
  try {
    const passwordHash = await hashPassword(PASSWORD);
    const setup = await setupWorkspace(deps, {
      workspaceName: "Acme Health",
      admin: { email: "ada.admin@acme.test", name: "Ada Admin", passwordHash },
    });
    const admin: TMemberActor = {
      type: "member",
      workspaceId: setup.workspace.id,
      memberId: setup.admin.id,
      role: "admin",
      departmentIds: setup.admin.departmentIds,
      status: "active",
    };
    // Second factors are the auth suite's business; here every role signs in with a password.
    await putPolicy(deps, admin, { type: "workspace" }, { twoFactor: { requiredRoles: [] } });
    const sales = await addDepartment(deps, admin, { name: "Sales" });
    const billing = await addDepartment(deps, admin, { name: "Billing" });
    const member = (email: string, name: string, role: "agent" | "manager", departmentIds: string[]) =>
      addMember(deps, admin, { email, name, role, departmentIds, passwordHash });
    const salesAgent = await member("sam.sales@acme.test", "Sam Sales", "agent", [sales.id]);
    const billingAgent = await member("bea.billing@acme.test", "Bea Billing", "agent", [billing.id]);
    const manager = await member("max.manager@acme.test", "Max Manager", "manager", [sales.id, billing.id]);
    const { site } = await addSite(deps, admin, {
      name: "Shop",
      allowedDomains: ["shop.example.test"],
      defaultDepartmentId: sales.id,
    });
    const siteRow = await store.scoped(setup.workspace.id).sites.get(site.id);
    if (!siteRow) throw new Error("the seeded site vanished");

    const startChat = async (departmentId: string, name: string, email: string, body: string) => {
      const { actor } = await resolveVisitor(deps, {
        site: siteRow,
        visitorId: null,
        identity: { email, name, verified: true },
        ip: "203.0.113.77",
        consentFunctional: false,
      });
      const conversation = await startConversation(deps, actor, { departmentId });
      await sendMessage(deps, actor, { conversationId: conversation.id, body });
      return conversation.id;
    };
    const salesChat = await startChat(
      sales.id,
      "Vera Visitor",
      "vera@example.test",
      "Hello, I would like a quote.",
    );
    const billingChat = await startChat(
      billing.id,
      "Bill Payer",
      "bill@example.test",
      "My invoice is wrong.",
    );

    return {
      env: { TAWKSTER_MASTER_KEY: masterKey.toString("base64") },
      workspaceId: setup.workspace.id,
      departments: { sales: sales.id, billing: billing.id },
      admin: toSeeded(setup.admin),
      salesAgent: toSeeded(salesAgent),
      billingAgent: toSeeded(billingAgent),
      manager: toSeeded(manager),
      siteKey: site.siteKey,
      conversations: { sales: salesChat, billing: billingChat },
      visitorNames: { sales: "Vera Visitor", billing: "Bill Payer" },
    };
  } finally {
    await bus.close();
    await store.close();
  }
}
