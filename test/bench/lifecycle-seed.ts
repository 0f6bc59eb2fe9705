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
import { newTimeOrderedId } from "@tawkster/core/ids";
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

/** Conversations that run at once in the seeded history: their messages interleave in time. */
const CONCURRENT_CONVERSATIONS = 20;
/** Time between two seeded messages of the whole workspace. */
const MESSAGE_SPACING_MS = 1000;

/**
 * Bulk-inserts visitors (each with a data key row), one conversation per visitor and
 * `messagesPerConversation` messages each, as the hub would have written them over time, the last
 * message at `at`: conversations run `CONCURRENT_CONVERSATIONS` at a time, their messages
 * interleaved one second apart, each row inserted in time order with the hub's own kind of id
 * (time-ordered, `newTimeOrderedId`). So the rows of one conversation are spread among those of
 * its neighbours, as in a real workspace, and the id indexes are laid out as the hub lays them.
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
  const perConversation = options.messagesPerConversation;
  const first = options.at.getTime() - (options.visitors * perConversation - 1) * MESSAGE_SPACING_MS;
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
     VALUES (?, ?, ?, ?, ?, 'open', NULL, ?, ?, NULL, 0, NULL, NULL)`,
  );
  const insertMessage = raw.prepare(
    `INSERT INTO messages (workspace_id, id, conversation_id, seq, author_type, author_id, key_id, body_cipher, created_at)
     VALUES (?, ?, ?, ?, 'visitor', ?, ?, ?, ?)`,
  );
  const touchConversation = raw.prepare(
    "UPDATE conversations SET last_activity_at = ?, last_seq = ? WHERE workspace_id = ? AND id = ?",
  );
  const closeConversation = raw.prepare(
    "UPDATE conversations SET status = 'closed', closed_at = ? WHERE workspace_id = ? AND id = ?",
  );
  const touchVisitor = raw.prepare("UPDATE visitors SET last_seen_at = ? WHERE workspace_id = ? AND id = ?");
  const ciphers = options.ciphertexts.map((c) => Buffer.from(c));
  const visitorIds: string[] = [];
  const conversationIds: string[] = [];
  raw.transaction(() => {
    let n = 0;
    for (let wave = 0; wave < options.visitors; wave += CONCURRENT_CONVERSATIONS) {
      const size = Math.min(CONCURRENT_CONVERSATIONS, options.visitors - wave);
      const open: { visitorId: string; keyId: string; conversationId: string }[] = [];
      for (let seq = 1; seq <= perConversation; seq++) {
        for (let c = 0; c < size; c++) {
          const at = first + n * MESSAGE_SPACING_MS;
          let chat = open[c];
          if (chat === undefined) {
            chat = {
              visitorId: newTimeOrderedId(at),
              keyId: newTimeOrderedId(at),
              conversationId: newTimeOrderedId(at),
            };
            open.push(chat);
            insertKey.run(
              workspaceId,
              chat.keyId,
              chat.visitorId,
              options.key.kekId,
              options.key.wrapped,
              at,
            );
            insertVisitor.run(workspaceId, chat.visitorId, siteId, chat.keyId, at, at);
            insertConversation.run(
              workspaceId,
              chat.conversationId,
              siteId,
              departmentId,
              chat.visitorId,
              at,
              at,
            );
            visitorIds.push(chat.visitorId);
            conversationIds.push(chat.conversationId);
          }
          insertMessage.run(
            workspaceId,
            newTimeOrderedId(at),
            chat.conversationId,
            seq,
            chat.visitorId,
            chat.keyId,
            ciphers[n % ciphers.length],
            at,
          );
          n++;
          // What the hub updates with every message, so the rows' pages look as they would.
          touchConversation.run(at, seq, workspaceId, chat.conversationId);
          touchVisitor.run(at, workspaceId, chat.visitorId);
          if (seq === perConversation) closeConversation.run(at, workspaceId, chat.conversationId);
        }
      }
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
