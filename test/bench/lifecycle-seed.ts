// Shared set-up of the data-lifecycle benchmarks (purge.ts, erase.ts): a real SQLite store in a temp
// dir with a real vault, one workspace, and a fast bulk seeder.
//
// Seeding goes through the raw better-sqlite3 handle, with prepared statements inside one
// transaction, because a million rows through the store (one durable transaction per message) would
// take longer than the benchmark itself. The bulk reuses bytes: message ciphertexts are real vault
// output for a sample of messages, repeated across the rest, and each visitor's wrapped data key
// row reuses one real wrapped key. That is faithful to what the purge and the erasure do (they
// destroy key rows and delete rows; they never decrypt the bulk), and it is why the bulk could not
// be read back — which nothing here needs.
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryBus } from "@tawkster/core/bus";
import type { TChatDeps } from "@tawkster/core/chat";
import { createKeyring, createVault, generateMasterKey, type Vault } from "@tawkster/core/crypto";
import type { TMemberActor } from "@tawkster/core/rbac";
import { createSqlStore, type Store } from "@tawkster/core/store";
import { createSqliteDriver, openSqliteDatabase } from "@tawkster/core/store/sqlite";
import { addSite, setupWorkspace } from "@tawkster/core/workspace";
import { assertFiniteRow, type TBenchRow } from "./lib/report";

export type TBenchHub = {
  dir: string;
  dbPath: string;
  store: Store;
  raw: ReturnType<typeof createSqliteDriver>["raw"];
  vault: Vault;
  deps: TChatDeps;
  workspaceId: string;
  admin: TMemberActor;
  siteId: string;
  departmentId: string;
  dispose(): Promise<void>;
};

/** Opens a fresh store and vault in a temp dir with one set-up workspace and site. */
export async function openBenchHub(): Promise<TBenchHub> {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-bench-"));
  const dbPath = join(dir, "tawkster.db");
  const driver = createSqliteDriver(openSqliteDatabase(dbPath));
  const store = createSqlStore(driver);
  await store.migrate();
  const vault = createVault({ keyring: createKeyring(generateMasterKey()), keys: store.keys });
  const bus = createMemoryBus();
  const deps: TChatDeps = { store, vault, bus };
  const setup = await setupWorkspace(deps, {
    workspaceName: "Bench Clinic",
    admin: { email: "admin@bench.test", name: "Bench Admin", passwordHash: "$argon2id$bench" },
  });
  const admin: TMemberActor = {
    type: "member",
    workspaceId: setup.workspace.id,
    memberId: setup.admin.id,
    role: "admin",
    departmentIds: [...setup.admin.departmentIds],
    status: "active",
  };
  const { site } = await addSite(deps, admin, { name: "Shop", allowedDomains: ["shop.bench.test"] });
  return {
    dir,
    dbPath,
    store,
    raw: driver.raw,
    vault,
    deps,
    workspaceId: setup.workspace.id,
    admin,
    siteId: site.id,
    departmentId: setup.department.id,
    async dispose() {
      await bus.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Real ciphertexts of a sample of messages (sealed by the vault for a throwaway visitor key). */
export async function sampleCiphertexts(hub: TBenchHub, count: number): Promise<Uint8Array[]> {
  const keyId = await hub.vault.createKey({
    workspaceId: hub.workspaceId,
    purpose: "visitor",
    ownerId: randomUUID(),
  });
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const ctx = {
      workspaceId: hub.workspaceId,
      keyId,
      table: "messages",
      rowId: randomUUID(),
      column: "body",
    };
    out.push(
      await hub.vault.encrypt(
        ctx,
        `Sample message ${i}: my order 4411-${i} never arrived, call +44 20 7946 0958`,
      ),
    );
  }
  return out;
}

/** One visitor's data key row as the vault writes it (one real wrapping, reused for the bulk). */
export function sampleWrappedKey(hub: TBenchHub): { kekId: string; wrapped: Buffer } {
  const row = hub.raw
    .prepare("SELECT kek_id, wrapped FROM data_keys WHERE workspace_id = ? AND purpose = 'visitor' LIMIT 1")
    .get(hub.workspaceId) as { kek_id: string; wrapped: Buffer } | undefined;
  if (!row) throw new Error("no visitor key to copy; call sampleCiphertexts first");
  return { kekId: row.kek_id, wrapped: row.wrapped };
}

/**
 * Bulk-inserts visitors (each with a data key row), one conversation per visitor and
 * `messagesPerConversation` messages each, all last active at `at`, in one transaction.
 */
export function seedBulk(
  hub: TBenchHub,
  options: {
    visitors: number;
    messagesPerConversation: number;
    at: Date;
    ciphertexts: readonly Uint8Array[];
    key: { kekId: string; wrapped: Buffer };
  },
): { visitorIds: string[]; conversationIds: string[] } {
  const { raw, workspaceId, siteId, departmentId } = hub;
  const at = options.at.getTime();
  const insertKey = raw.prepare(
    "INSERT INTO data_keys (workspace_id, id, purpose, owner_id, kek_id, wrapped, created_at) VALUES (?, ?, 'visitor', ?, ?, ?, ?)",
  );
  const insertVisitor = raw.prepare(
    `INSERT INTO visitors (workspace_id, id, site_id, key_id, email_cipher, email_index, name_cipher, ip_cipher,
       identity_verified, consent_functional, consent_updated_at, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, NULL, NULL, NULL, NULL, 0, 0, NULL, ?, ?)`,
  );
  const insertConversation = raw.prepare(
    `INSERT INTO conversations (workspace_id, id, site_id, department_id, visitor_id, status, assignee_id, created_at,
       last_activity_at, closed_at, last_seq, slack_link, zendesk_link)
     VALUES (?, ?, ?, ?, ?, 'closed', NULL, ?, ?, ?, ?, NULL, NULL)`,
  );
  const insertMessage = raw.prepare(
    `INSERT INTO messages (workspace_id, id, conversation_id, seq, author_type, author_id, key_id, body_cipher, created_at)
     VALUES (?, ?, ?, ?, 'visitor', ?, ?, ?, ?)`,
  );
  const ciphers = options.ciphertexts.map((c) => Buffer.from(c));
  const visitorIds: string[] = [];
  const conversationIds: string[] = [];
  raw.transaction(() => {
    let n = 0;
    for (let v = 0; v < options.visitors; v++) {
      const visitorId = randomUUID();
      const keyId = randomUUID();
      const conversationId = randomUUID();
      insertKey.run(workspaceId, keyId, visitorId, options.key.kekId, options.key.wrapped, at);
      insertVisitor.run(workspaceId, visitorId, siteId, keyId, at, at);
      insertConversation.run(
        workspaceId,
        conversationId,
        siteId,
        departmentId,
        visitorId,
        at,
        at,
        at,
        options.messagesPerConversation,
      );
      for (let seq = 1; seq <= options.messagesPerConversation; seq++) {
        insertMessage.run(
          workspaceId,
          randomUUID(),
          conversationId,
          seq,
          visitorId,
          keyId,
          ciphers[n++ % ciphers.length],
          at,
        );
      }
      visitorIds.push(visitorId);
      conversationIds.push(conversationId);
    }
  })();
  return { visitorIds, conversationIds };
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Reads `--name value` from the command line, or the default. */
export function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Prints the bench's one line and, with `--rows-out <file>` (run.ts and the smoke test pass one),
 * appends its row there for the shared benchmark table.
 */
export function reportLine(line: string, row: TBenchRow): void {
  assertFiniteRow(row);
  console.log(line);
  const at = process.argv.indexOf("--rows-out");
  const file = at >= 0 ? process.argv[at + 1] : undefined;
  if (file !== undefined) appendFileSync(file, `${JSON.stringify(row)}\n`);
}
