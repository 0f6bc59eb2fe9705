import type { ScopedStore, Store } from "../port";
import { fromMs, toMs } from "./codec";
import { compactStore } from "./compact-store";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";
import { migrate } from "./migrations";
import { createAuditRepo } from "./repo-audit";
import { createConversationReadRepo } from "./repo-conversation-reads";
import { createConversationRepo } from "./repo-conversations";
import { createDepartmentRepo } from "./repo-departments";
import { createErasureReceiptRepo } from "./repo-erasure-receipts";
import { createInstallationRepo } from "./repo-installations";
import { createJobLeaseRepo } from "./repo-job-leases";
import { createSqlKeyStore } from "./repo-keys";
import { findMembersByEmail } from "./repo-member-lookup";
import { createMemberRepo } from "./repo-members";
import { createMessageRepo } from "./repo-messages";
import { createOutboxQueue, createOutboxRepo } from "./repo-outbox";
import { createPolicyRepo } from "./repo-policies";
import { createPurgeRepo } from "./repo-purge";
import { createRecoveryCodeRepo } from "./repo-recovery-codes";
import { createMemberSessionRepo } from "./repo-sessions";
import { createSignInThrottleRepo } from "./repo-sign-in-throttle";
import { createSiteRepo, SITE_COLUMNS, toSiteRow } from "./repo-sites";
import { createTotpStepRepo } from "./repo-totp-steps";
import { createVisitorRepo } from "./repo-visitors";

/** How many workspaces' repository sets are kept; a hub serves few workspaces, so rarely reached. */
const MAX_CACHED_SCOPES = 1000;

/** Builds the Store port over any SQL driver; the adapters differ only in their driver. */
export function createSqlStore(db: SqlDriver): Store {
  const scopes = new Map<string, ScopedStore>();
  return {
    dialect: db.dialect,
    workspaces: {
      create: (input) =>
        guard("workspace.create", async () => {
          await db.run("INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)", [
            input.id,
            input.name,
            toMs(input.createdAt),
          ]);
          return input;
        }),
      get: (id) =>
        guard("workspace.get", async () => {
          const row = await db.get("SELECT id, name, created_at FROM workspaces WHERE id = ?", [id]);
          return row
            ? { id: String(row.id), name: String(row.name), createdAt: fromMs(row.created_at) }
            : null;
        }),
      list: () =>
        guard("workspace.list", async () =>
          (await db.all("SELECT id, name, created_at FROM workspaces ORDER BY created_at, id")).map(
            (row) => ({
              id: String(row.id),
              name: String(row.name),
              createdAt: fromMs(row.created_at),
            }),
          ),
        ),
    },
    findSiteByKey: (siteKey) =>
      guard("site.findByKey", async () => {
        const row = await db.get(`SELECT ${SITE_COLUMNS} FROM sites WHERE site_key = ?`, [siteKey]);
        return row ? toSiteRow(row) : null;
      }),
    findMembersByEmail: (email) => findMembersByEmail(db, email),
    signInThrottle: createSignInThrottleRepo(db),
    keys: createSqlKeyStore(db),
    outboxQueue: createOutboxQueue(db),
    jobLeases: createJobLeaseRepo(db),
    compact: (options) => compactStore(db, options?.mode ?? "truncate"),
    backgroundRideMs: () => db.backgroundRideMs?.() ?? 0,
    scoped: (workspaceId): ScopedStore => {
      // Building the repositories is cheap but not free, and every request asks for its scope;
      // they hold no per-call state, so one set per workspace serves every caller.
      const known = scopes.get(workspaceId);
      if (known) return known;
      if (scopes.size >= MAX_CACHED_SCOPES) scopes.clear();
      const made: ScopedStore = {
        workspaceId,
        departments: createDepartmentRepo(db, workspaceId),
        sites: createSiteRepo(db, workspaceId),
        members: createMemberRepo(db, workspaceId),
        visitors: createVisitorRepo(db, workspaceId),
        conversations: createConversationRepo(db, workspaceId),
        messages: createMessageRepo(db, workspaceId),
        policies: createPolicyRepo(db, workspaceId),
        audit: createAuditRepo(db, workspaceId),
        installations: createInstallationRepo(db, workspaceId),
        reads: createConversationReadRepo(db, workspaceId),
        sessions: createMemberSessionRepo(db, workspaceId),
        recoveryCodes: createRecoveryCodeRepo(db, workspaceId),
        totpSteps: createTotpStepRepo(db, workspaceId),
        purge: createPurgeRepo(db, workspaceId),
        outbox: createOutboxRepo(db, workspaceId),
        erasureReceipts: createErasureReceiptRepo(db, workspaceId),
      };
      scopes.set(workspaceId, made);
      return made;
    },
    migrate: () => guard("store.migrate", async () => void (await migrate(db))),
    close: () => db.close(),
  };
}
