// Seeds a hub's data directory with core operations BEFORE the hub starts, for the data
// lifecycle suites: a workspace with an admin, two departments and a site, and visitors whose
// conversations were written on a clock set in the past (so retention sees them as old), a
// visitor to erase, a visitor with many conversations to export, and a bystander. The hub is then
// started with the same master key (TAWKSTER_MASTER_KEY).
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { hashPassword } from "@tawkster/core/auth";
import { createMemoryBus } from "@tawkster/core/bus";
import { resolveVisitor, sendMessage, startConversation, type TChatDeps } from "@tawkster/core/chat";
import { createKeyring, createVault } from "@tawkster/core/crypto";
import type { TMemberActor } from "@tawkster/core/rbac";
import { openSqliteStore } from "@tawkster/core/store/sqlite";
import { addDepartment, addSite, putPolicy, setupWorkspace } from "@tawkster/core/workspace";
import { PASSWORD } from "../console/seed";

export { PASSWORD };

const DAY_MS = 86_400_000;

/** How many conversations the visitor to export has: enough for the progress bar to be seen moving. */
export const EXPORT_CONVERSATIONS = 200;

export type TSeededVisitor = {
  visitorId: string;
  email: string | null;
  conversationIds: string[];
  bodies: string[];
};

export type TLifecycleSeed = {
  /** Pass to spawnHub's env (or the CLI's): the data was sealed under this master key. */
  env: Record<string, string>;
  workspaceId: string;
  admin: { email: string; name: string };
  /** Conversations last active 40 and 35 days ago (Sales and Billing): due under a 30-day period. */
  old: TSeededVisitor[];
  /** Conversations of the last few days: they stay. */
  recent: TSeededVisitor[];
  /** The visitor whose erasure is requested (verified email). */
  erin: TSeededVisitor;
  /** The visitor whose data is exported, with many conversations. */
  xavier: TSeededVisitor;
  /** Someone else entirely, who must appear in nobody's export. */
  yara: TSeededVisitor;
};

/**
 * Writes the lifecycle fixture into `dataDir`. With `retentionDays`, the workspace already has a
 * conversation retention period (the CLI suite); otherwise the admin sets it in the console.
 */
export async function seedLifecycleData(
  dataDir: string,
  options: { retentionDays?: number } = {},
): Promise<TLifecycleSeed> {
  mkdirSync(dataDir, { recursive: true });
  const masterKey = randomBytes(32);
  const store = await openSqliteStore(join(dataDir, "tawkster.db"));
  const vault = createVault({ keyring: createKeyring(masterKey), keys: store.keys });
  const bus = createMemoryBus();
  const deps: TChatDeps = { store, vault, bus };
  try {
    const setup = await setupWorkspace(deps, {
      workspaceName: "Acme Health",
      admin: { email: "ada.admin@acme.test", name: "Ada Admin", passwordHash: await hashPassword(PASSWORD) },
    });
    const admin: TMemberActor = {
      type: "member",
      workspaceId: setup.workspace.id,
      memberId: setup.admin.id,
      role: "admin",
      departmentIds: setup.admin.departmentIds,
      status: "active",
    };
    // Second factors are the auth suite's business; here the admin signs in with a password.
    await putPolicy(
      deps,
      admin,
      { type: "workspace" },
      {
        twoFactor: { requiredRoles: [] },
        ...(options.retentionDays !== undefined && {
          retention: { conversationDays: options.retentionDays },
        }),
      },
    );
    const sales = await addDepartment(deps, admin, { name: "Sales" });
    const billing = await addDepartment(deps, admin, { name: "Billing" });
    const { site } = await addSite(deps, admin, {
      name: "Shop",
      allowedDomains: ["shop.example.test"],
      defaultDepartmentId: sales.id,
    });

    /** A visitor who chatted `daysAgo` days ago: every step runs on a clock set then. */
    const chat = async (input: {
      daysAgo: number;
      departmentId: string;
      identity?: { email: string; name: string };
      conversations: string[][];
    }): Promise<TSeededVisitor> => {
      const at = new Date(Date.now() - input.daysAgo * DAY_MS);
      const then: TChatDeps = { ...deps, now: () => at };
      const { actor } = await resolveVisitor(then, {
        site: { id: site.id, workspaceId: setup.workspace.id },
        visitorId: null,
        identity: input.identity ? { ...input.identity, verified: true } : null,
        ip: "203.0.113.77",
        consentFunctional: false,
      });
      const conversationIds: string[] = [];
      for (const bodies of input.conversations) {
        const conversation = await startConversation(then, actor, { departmentId: input.departmentId });
        for (const body of bodies) await sendMessage(then, actor, { conversationId: conversation.id, body });
        conversationIds.push(conversation.id);
      }
      return {
        visitorId: actor.visitorId,
        email: input.identity?.email ?? null,
        conversationIds,
        bodies: input.conversations.flat(),
      };
    };

    const old = [
      await chat({
        daysAgo: 40,
        departmentId: sales.id,
        conversations: [["an old quote request"], ["an old follow-up"]],
      }),
      await chat({ daysAgo: 35, departmentId: billing.id, conversations: [["an old invoice question"]] }),
    ];
    const recent = [
      await chat({
        daysAgo: 1,
        departmentId: sales.id,
        conversations: [["a recent question about shipping"]],
      }),
    ];
    const erin = await chat({
      daysAgo: 3,
      departmentId: sales.id,
      identity: { email: "erin.erase@example.test", name: "Erin Erase" },
      conversations: [["erin private note one", "erin private note two"], ["erin private note three"]],
    });
    const xavier = await chat({
      daysAgo: 0,
      departmentId: billing.id,
      identity: { email: "xavier.export@example.test", name: "Xavier Export" },
      conversations: Array.from({ length: EXPORT_CONVERSATIONS }, (_, i) => [
        `xavier asks question ${i}`,
        `xavier adds detail ${i}`,
      ]),
    });
    const yara = await chat({
      daysAgo: 0,
      departmentId: sales.id,
      identity: { email: "yara.bystander@example.test", name: "Yara Bystander" },
      conversations: [["yara unrelated words"]],
    });

    return {
      env: { TAWKSTER_MASTER_KEY: masterKey.toString("base64") },
      workspaceId: setup.workspace.id,
      admin: { email: setup.admin.email, name: setup.admin.name },
      old,
      recent,
      erin,
      xavier,
      yara,
    };
  } finally {
    await bus.close();
    await store.close();
  }
}
