import type { SqlDriver } from "./driver";

// Versioned, append-only migrations. `{blob}` and `{int8}` are the only dialect differences; times
// are epoch milliseconds in 64-bit integers so both databases compare and index them alike.
// Every table leads with workspace_id so every index serves the scoped queries the port allows.
const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at {int8} NOT NULL
);
CREATE TABLE data_keys (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  owner_id TEXT,
  kek_id TEXT NOT NULL,
  wrapped {blob} NOT NULL,
  created_at {int8} NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX data_keys_owner ON data_keys (workspace_id, purpose, COALESCE(owner_id, ''));
CREATE INDEX data_keys_kek ON data_keys (kek_id);
CREATE TABLE departments (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at {int8} NOT NULL
);
CREATE UNIQUE INDEX departments_name ON departments (workspace_id, name);
CREATE TABLE sites (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  site_key TEXT NOT NULL UNIQUE,
  allowed_domains TEXT NOT NULL,
  consent_mode TEXT NOT NULL,
  privacy_policy_url TEXT,
  default_department_id TEXT,
  key_id TEXT NOT NULL,
  identity_secret_cipher {blob},
  created_at {int8} NOT NULL
);
CREATE INDEX sites_workspace ON sites (workspace_id);
CREATE TABLE members (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  department_ids TEXT NOT NULL,
  status TEXT NOT NULL,
  two_factor_enabled INTEGER NOT NULL,
  password_hash TEXT,
  key_id TEXT,
  totp_secret_cipher {blob},
  created_at {int8} NOT NULL,
  last_sign_in_at {int8}
);
CREATE UNIQUE INDEX members_email ON members (workspace_id, email);
CREATE TABLE visitors (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  email_cipher {blob},
  email_index TEXT,
  name_cipher {blob},
  ip_cipher {blob},
  identity_verified INTEGER NOT NULL,
  consent_functional INTEGER NOT NULL,
  consent_updated_at {int8},
  created_at {int8} NOT NULL,
  last_seen_at {int8} NOT NULL
);
CREATE INDEX visitors_email_index ON visitors (workspace_id, email_index);
CREATE INDEX visitors_last_seen ON visitors (workspace_id, last_seen_at);
CREATE TABLE conversations (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  department_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  status TEXT NOT NULL,
  assignee_id TEXT,
  created_at {int8} NOT NULL,
  last_activity_at {int8} NOT NULL,
  closed_at {int8},
  last_seq {int8} NOT NULL DEFAULT 0,
  slack_link TEXT,
  zendesk_link TEXT
);
CREATE INDEX conversations_department ON conversations (workspace_id, department_id, status);
CREATE INDEX conversations_visitor ON conversations (workspace_id, visitor_id);
CREATE INDEX conversations_activity ON conversations (workspace_id, last_activity_at);
CREATE TABLE messages (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  seq {int8} NOT NULL,
  author_type TEXT NOT NULL,
  author_id TEXT,
  key_id TEXT NOT NULL,
  body_cipher {blob} NOT NULL,
  created_at {int8} NOT NULL
);
CREATE UNIQUE INDEX messages_seq ON messages (workspace_id, conversation_id, seq);
CREATE TABLE policies (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  scope_type TEXT NOT NULL,
  scope_id TEXT NOT NULL,
  settings TEXT NOT NULL,
  updated_at {int8} NOT NULL,
  PRIMARY KEY (workspace_id, scope_type, scope_id)
);
CREATE TABLE audit_events (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  seq {int8} NOT NULL,
  id TEXT NOT NULL UNIQUE,
  at {int8} NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT,
  outcome TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (workspace_id, seq)
);
CREATE TABLE installations (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  external_id TEXT NOT NULL,
  name TEXT NOT NULL,
  key_id TEXT NOT NULL,
  credentials_cipher {blob} NOT NULL,
  created_at {int8} NOT NULL
);
CREATE UNIQUE INDEX installations_external ON installations (platform, external_id);
`,
  },
  {
    version: 2,
    name: "agent sessions, second factors, sign-in throttling, read markers",
    sql: `
CREATE TABLE member_sessions (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  user_agent TEXT NOT NULL,
  ip TEXT,
  created_at {int8} NOT NULL,
  last_seen_at {int8} NOT NULL,
  expires_at {int8} NOT NULL,
  revoked_at {int8}
);
CREATE INDEX member_sessions_member ON member_sessions (workspace_id, member_id);
CREATE TABLE member_recovery_codes (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  member_id TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  used_at {int8},
  PRIMARY KEY (workspace_id, member_id, code_hash)
);
ALTER TABLE members ADD COLUMN totp_last_step {int8};
CREATE TABLE sign_in_throttle (
  subject TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until {int8},
  last_failure_at {int8} NOT NULL
);
CREATE TABLE conversation_reads (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  member_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  last_read_seq {int8} NOT NULL,
  PRIMARY KEY (workspace_id, member_id, conversation_id)
);
`,
  },
  {
    version: 3,
    // The scan indexes gain the id, so the purge's keyset scans seek to their cursor instead of
    // sorting every candidate again for each batch.
    name: "data lifecycle: job leases, plugin deletion outbox, erasure receipts, keyset scan indexes",
    sql: `
CREATE TABLE job_leases (
  job TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  acquired_at {int8} NOT NULL,
  expires_at {int8} NOT NULL,
  released_at {int8}
);
CREATE TABLE plugin_outbox (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  installation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  external_refs TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at {int8} NOT NULL,
  delivered_at {int8},
  lease_owner TEXT,
  lease_expires_at {int8},
  created_at {int8} NOT NULL
);
CREATE UNIQUE INDEX plugin_outbox_subject ON plugin_outbox (workspace_id, installation_id, kind, subject_id);
CREATE INDEX plugin_outbox_due ON plugin_outbox (delivered_at, next_attempt_at);
CREATE TABLE erasure_receipts (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT PRIMARY KEY,
  request_id TEXT,
  source TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  summary TEXT NOT NULL,
  requested_at {int8} NOT NULL,
  unreadable_at {int8} NOT NULL,
  completed_at {int8} NOT NULL
);
CREATE UNIQUE INDEX erasure_receipts_request ON erasure_receipts (workspace_id, request_id);
CREATE INDEX erasure_receipts_completed ON erasure_receipts (workspace_id, completed_at);
DROP INDEX visitors_last_seen;
CREATE INDEX visitors_last_seen ON visitors (workspace_id, last_seen_at, id);
DROP INDEX conversations_activity;
CREATE INDEX conversations_activity ON conversations (workspace_id, last_activity_at, id)
`,
  },
  {
    version: 4,
    // Send idempotency held by the database, so it holds across hub processes: a message's
    // client_message_id is unique per author (a visitor sends theirs in any of their conversations;
    // reusing it elsewhere is a conflict, never a second row). Partial: only rows that carry one
    // are indexed (both SQLite and PostgreSQL support it; member replies and system rows have none).
    name: "messages: client message id, unique per workspace and author",
    sql: `
ALTER TABLE messages ADD COLUMN client_message_id TEXT;
CREATE UNIQUE INDEX messages_client_id ON messages (workspace_id, author_type, author_id, client_message_id) WHERE client_message_id IS NOT NULL
`,
  },
  {
    version: 5,
    // Read markers are keyed by member first; deleting a conversation's markers (retention,
    // erasure, conversation deletion) otherwise walks every marker of the workspace.
    name: "conversation reads: index by conversation",
    sql: `
CREATE INDEX conversation_reads_conversation ON conversation_reads (workspace_id, conversation_id)
`,
  },
];

/** The highest schema version this code knows. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

function renderDdl(sql: string, dialect: SqlDriver["dialect"]): string {
  return sql
    .replaceAll("{blob}", dialect === "sqlite" ? "BLOB" : "BYTEA")
    .replaceAll("{int8}", dialect === "sqlite" ? "INTEGER" : "BIGINT");
}

/** Applies every migration newer than the database's version, each in its own transaction. */
export async function migrate(driver: SqlDriver): Promise<number[]> {
  await driver.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${
      driver.dialect === "sqlite" ? "INTEGER" : "BIGINT"
    } NOT NULL)`,
  );
  const applied = new Set(
    (await driver.all<{ version: number }>("SELECT version FROM schema_migrations")).map((r) =>
      Number(r.version),
    ),
  );
  const newest = Math.max(0, ...applied);
  if (newest > LATEST_SCHEMA_VERSION) {
    throw new Error(`database schema version ${newest} is newer than this code (${LATEST_SCHEMA_VERSION})`);
  }
  const done: number[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    await driver.transaction(async (tx) => {
      for (const statement of splitStatements(renderDdl(migration.sql, driver.dialect))) {
        await tx.run(statement);
      }
      await tx.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        migration.version,
        migration.name,
        Date.now(),
      ]);
    });
    done.push(migration.version);
  }
  return done;
}

function splitStatements(sql: string): string[] {
  return sql
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
