import type { KeyStore } from "../crypto/key-store";
import type {
  TAuditEvent,
  TAuditEventInput,
  TConversation,
  TConversationStatus,
  TDepartment,
  TInstallation,
  TMember,
  TMessageAuthor,
  TPolicy,
  TPolicyScope,
  TPolicySettings,
  TSite,
  TWorkspace,
} from "../schemas";

// Rows as the adapters keep them. Fields that hold customer data are typed `Uint8Array` ciphertext,
// so no adapter can be handed plaintext PII or message text by mistake: sealing happens above the
// port (see sealed-records.ts), and the adapters never see a key.

/** A site as stored: the identity-verification secret is sealed under the workspace key. */
export interface TSiteRow extends TSite {
  keyId: string;
  identitySecretCipher: Uint8Array | null;
}

/** A member as stored, with the secrets the public shape leaves out. */
export interface TMemberRow extends TMember {
  passwordHash: string | null;
  keyId: string | null;
  totpSecretCipher: Uint8Array | null;
}

/** A visitor as stored: email, name and IP only as ciphertext under the visitor's own key. */
export interface TVisitorRow {
  id: string;
  siteId: string;
  keyId: string;
  emailCipher: Uint8Array | null;
  /** Keyed blind index of the normalized email, for exact lookup without decrypting. */
  emailIndex: string | null;
  nameCipher: Uint8Array | null;
  ipCipher: Uint8Array | null;
  identityVerified: boolean;
  consentFunctional: boolean;
  consentUpdatedAt: Date | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/** A message as stored: the body only as ciphertext under the visitor's key. */
export interface TMessageRow {
  id: string;
  conversationId: string;
  seq: number;
  author: TMessageAuthor;
  keyId: string;
  bodyCipher: Uint8Array;
  createdAt: Date;
  /** The sender's idempotency key (opaque, at most one message per author and id); null when none. */
  clientMessageId: string | null;
}

export type TNewMessageRow = Omit<TMessageRow, "seq" | "clientMessageId"> & {
  clientMessageId?: string | null;
};

/** An installation as stored: platform credentials sealed under the workspace key. */
export interface TInstallationRow extends TInstallation {
  keyId: string;
  credentialsCipher: Uint8Array;
}

export type TWorkspaceScoped<T> = Omit<T, "workspaceId">;

export interface TConversationFilter {
  departmentIds?: string[];
  statuses?: TConversationStatus[];
  assigneeId?: string | null;
  visitorId?: string;
  limit?: number;
}

export interface DepartmentRepo {
  create(input: TWorkspaceScoped<TDepartment>): Promise<TDepartment>;
  get(id: string): Promise<TDepartment | null>;
  list(): Promise<TDepartment[]>;
  rename(id: string, name: string): Promise<TDepartment | null>;
  delete(id: string): Promise<boolean>;
}

export interface SiteRepo {
  create(input: TWorkspaceScoped<TSiteRow>): Promise<TSiteRow>;
  get(id: string): Promise<TSiteRow | null>;
  list(): Promise<TSiteRow[]>;
  update(
    id: string,
    patch: Partial<Omit<TSiteRow, "id" | "workspaceId" | "siteKey" | "createdAt">>,
  ): Promise<TSiteRow | null>;
  delete(id: string): Promise<boolean>;
}

export interface MemberRepo {
  create(input: TWorkspaceScoped<TMemberRow>): Promise<TMemberRow>;
  get(id: string): Promise<TMemberRow | null>;
  findByEmail(email: string): Promise<TMemberRow | null>;
  list(): Promise<TMemberRow[]>;
  update(
    id: string,
    patch: Partial<Omit<TMemberRow, "id" | "workspaceId" | "createdAt">>,
  ): Promise<TMemberRow | null>;
}

export interface VisitorRepo {
  create(input: TVisitorRow): Promise<TVisitorRow>;
  get(id: string): Promise<TVisitorRow | null>;
  findByEmailIndex(emailIndex: string): Promise<TVisitorRow[]>;
  update(
    id: string,
    patch: Partial<Omit<TVisitorRow, "id" | "siteId" | "createdAt">>,
  ): Promise<TVisitorRow | null>;
  delete(id: string): Promise<boolean>;
  /** Visitors last seen before `before`, oldest first: candidates for retention. */
  listLastSeenBefore(before: Date, limit: number): Promise<TVisitorRow[]>;
}

export interface ConversationRepo {
  create(input: TWorkspaceScoped<TConversation>): Promise<TConversation>;
  get(id: string): Promise<TConversation | null>;
  /**
   * The conversation and its visitor's data key id (null when the visitor row is gone), read in one
   * statement: what every send needs before it seals the message. Null when the conversation is not
   * in this workspace.
   */
  getWithVisitorKey(id: string): Promise<{ conversation: TConversation; visitorKeyId: string | null } | null>;
  list(filter?: TConversationFilter): Promise<TConversation[]>;
  update(
    id: string,
    patch: Partial<
      Pick<TConversation, "status" | "assigneeId" | "departmentId" | "closedAt" | "slack" | "zendesk">
    >,
  ): Promise<TConversation | null>;
  /** Deletes the conversation and all its messages. */
  delete(id: string): Promise<boolean>;
  /** Conversations with no activity since `before`, oldest first: candidates for retention. */
  listInactiveSince(before: Date, limit: number): Promise<TConversation[]>;
}

export interface MessageRepo {
  /**
   * Stores a message with the next sequence number of its conversation and bumps its activity time.
   * A `clientMessageId` the same author already used in this workspace is `resource.conflict`
   * (nothing is stored): the caller finds that message with `findByClientMessageId`.
   */
  append(input: TNewMessageRow): Promise<TMessageRow>;
  /** The message this author stored with this client message id, or null (other authors' never). */
  findByClientMessageId(author: TMessageAuthor, clientMessageId: string): Promise<TMessageRow | null>;
  list(conversationId: string, options?: { afterSeq?: number; limit?: number }): Promise<TMessageRow[]>;
  count(conversationId: string): Promise<number>;
}

export interface PolicyRepo {
  get(scope: TPolicyScope): Promise<TPolicy | null>;
  put(scope: TPolicyScope, settings: TPolicySettings): Promise<TPolicy>;
  delete(scope: TPolicyScope): Promise<boolean>;
  list(): Promise<TPolicy[]>;
}

export interface AuditRepo {
  /** Appends an event chained to the last one of the workspace, atomically. */
  append(input: TAuditEventInput, at?: Date): Promise<TAuditEvent>;
  list(options?: { afterSeq?: number; limit?: number }): Promise<TAuditEvent[]>;
  last(): Promise<TAuditEvent | null>;
  /** Deletes events with seq < `seq` (retention); returns how many went. */
  deleteBefore(seq: number): Promise<number>;
}

export interface InstallationRepo {
  create(input: TWorkspaceScoped<TInstallationRow>): Promise<TInstallationRow>;
  get(id: string): Promise<TInstallationRow | null>;
  list(): Promise<TInstallationRow[]>;
  delete(id: string): Promise<boolean>;
}

/** Where each member has read up to in each conversation (for unread counts). */
export interface ConversationReadRepo {
  /** The member's last read seq in the conversation, 0 when they never marked it. */
  get(memberId: string, conversationId: string): Promise<number>;
  /** Records that the member read up to `seq`; never moves the marker backwards. */
  mark(memberId: string, conversationId: string, seq: number): Promise<void>;
}

/** A member's signed-in device. Only the SHA-256 of the session secret is kept, never the secret. */
export interface TMemberSessionRow {
  id: string;
  memberId: string;
  tokenHash: string;
  userAgent: string;
  /** The client's network, already anonymized ("203.0.113.0/24"), or null when none is kept. */
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Agent sessions of one workspace: the truth behind every session cookie. */
export interface MemberSessionRepo {
  create(input: TMemberSessionRow): Promise<TMemberSessionRow>;
  get(id: string): Promise<TMemberSessionRow | null>;
  findByTokenHash(tokenHash: string): Promise<TMemberSessionRow | null>;
  /** The member's sessions not yet revoked, most recently seen first. */
  listActiveByMember(memberId: string): Promise<TMemberSessionRow[]>;
  /** Records activity; never moves `lastSeenAt` backwards. */
  touch(id: string, lastSeenAt: Date): Promise<void>;
  /** Revokes one session; false when it does not exist here or was already revoked. */
  revoke(id: string, at: Date): Promise<boolean>;
  /** Revokes every live session of a member (but `exceptId`); returns the ids revoked. */
  revokeAllOfMember(memberId: string, at: Date, options?: { exceptId?: string }): Promise<string[]>;
  /** Deletes sessions revoked or expired before `before` (housekeeping); returns how many went. */
  deleteEndedBefore(before: Date): Promise<number>;
}

/** Single-use recovery codes of one workspace's members, as SHA-256 hashes. */
export interface RecoveryCodeRepo {
  /** Replaces all of a member's codes with new ones (unused). */
  replace(memberId: string, codeHashes: readonly string[]): Promise<void>;
  /** Marks a code used if it exists and is unused, atomically; false otherwise. */
  consume(memberId: string, codeHash: string, at: Date): Promise<boolean>;
  countUnused(memberId: string): Promise<number>;
  deleteAll(memberId: string): Promise<number>;
}

/** The last TOTP step each member used (`members.totp_last_step`), so no code is accepted twice. */
export interface TotpStepRepo {
  lastStep(memberId: string): Promise<number | null>;
  /** Records `step` if it is later than the last one, atomically; false when it is not (a replay). */
  claim(memberId: string, step: number): Promise<boolean>;
  /** Sets the last step outright (enrolment, disabling). */
  reset(memberId: string, step: number | null): Promise<void>;
}

/** Failed sign-ins of one subject (a hashed email), kept across restarts and instances. */
export interface TSignInThrottleRow {
  subject: string;
  failures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date;
}

/** Sign-in throttling; unscoped, since sign-in happens before a workspace is known. */
export interface SignInThrottleRepo {
  get(subject: string): Promise<TSignInThrottleRow | null>;
  put(row: TSignInThrottleRow): Promise<void>;
  delete(subject: string): Promise<boolean>;
  /** Forgets subjects whose last failure was before `before`; returns how many went. */
  deleteStale(before: Date): Promise<number>;
}

// Data lifecycle (retention purge, erasure, plugin deletion outbox, job leases). The purge works in
// short statements and transactions so a large purge never holds the database for long.

/** Where a keyset scan stopped: the last row's time and id (scans are ordered by both). */
export interface TScanCursor {
  at: Date;
  id: string;
}

/** A visitor as the purge sees them: ids and times, never their sealed fields. */
export interface TPurgeVisitorRow {
  id: string;
  siteId: string;
  keyId: string;
  lastSeenAt: Date;
}

/** What deleting conversations removed. */
export interface TDeletedConversations {
  /** The conversations deleted (a revived one is not). */
  deletedIds: string[];
  messages: number;
  readMarkers: number;
}

/** Batched scans and deletes for retention and erasure, in one workspace. */
export interface PurgeRepo {
  /** Conversations last active before `before`, oldest first, after the cursor. */
  listConversationsInactiveBefore(
    before: Date,
    options: { after?: TScanCursor | undefined; limit: number },
  ): Promise<TConversation[]>;
  /** Visitors last seen before `before`, oldest first, after the cursor. */
  listVisitorsLastSeenBefore(
    before: Date,
    options: { after?: TScanCursor | undefined; limit: number },
  ): Promise<TPurgeVisitorRow[]>;
  /** The visitors among these ids that exist here. */
  listVisitors(ids: readonly string[]): Promise<TPurgeVisitorRow[]>;
  /** Every conversation of these visitors, whatever its state. */
  listConversationsOfVisitors(visitorIds: readonly string[]): Promise<TConversation[]>;
  /** How many messages and read markers these conversations hold. */
  countRows(conversationIds: readonly string[]): Promise<{ messages: number; readMarkers: number }>;
  /**
   * Deletes up to `limit` messages of these conversations created at or before `createdUpTo` (any
   * when null), in one statement; returns how many went (fewer than `limit`: none are left).
   */
  deleteMessages(
    conversationIds: readonly string[],
    options: { createdUpTo: Date | null; limit: number },
  ): Promise<number>;
  /**
   * Deletes conversations with their remaining messages and read markers, in one transaction. One
   * given with `lastActivityAt` goes only if it had no activity since: a chat that came back to life stays.
   */
  deleteConversations(
    conversations: readonly { id: string; lastActivityAt?: Date | undefined }[],
  ): Promise<TDeletedConversations>;
  /** Destroys visitors' wrapped data keys (purpose "visitor" only) in one statement; returns how many existed. */
  deleteVisitorKeys(keyIds: readonly string[]): Promise<number>;
  /** Deletes visitor rows, and with them their sealed fields and blind index; returns how many went. */
  deleteVisitors(ids: readonly string[]): Promise<number>;
}

/** What a plugin is asked to delete: its copy of a conversation, or what it knows of a visitor. */
export type TOutboxKind = "delete-conversation" | "delete-visitor";

/** Where the copy lives on the plugin's platform: references only, never content. */
export interface TOutboxRefs {
  slack?: { teamId: string; channelId: string; threadTs: string };
  zendesk?: { subdomain: string; ticketId: number };
}

/** A deletion request waiting for (or delivered to) one installation. */
export interface TOutboxItem {
  id: string;
  workspaceId: string;
  installationId: string;
  kind: TOutboxKind;
  subjectId: string;
  refs: TOutboxRefs;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
}

export type TNewOutboxItem = Pick<
  TOutboxItem,
  "id" | "installationId" | "kind" | "subjectId" | "refs" | "createdAt"
>;

/** The deletion requests of one workspace. */
export interface OutboxRepo {
  /** Queues requests, due at once; one per (installation, kind, subject): repeats are ignored. Returns how many were new. */
  enqueue(items: readonly TNewOutboxItem[]): Promise<number>;
  /** Requests oldest first; `pendingOnly` leaves out the delivered ones. */
  list(options?: { pendingOnly?: boolean; limit?: number }): Promise<TOutboxItem[]>;
  /** Undelivered requests, optionally only those queued before `createdBefore`. */
  countPending(options?: { createdBefore?: Date }): Promise<number>;
}

/**
 * Delivery of deletion requests, across workspaces: the outbox job serves every workspace, and each
 * item it claims carries its workspace id.
 */
export interface OutboxQueue {
  /** Leases up to `limit` due, undelivered, unleased items to `owner` until `now + leaseMs`. */
  claim(input: { now: Date; leaseMs: number; limit: number; owner: string }): Promise<TOutboxItem[]>;
  /** Marks an item delivered if `owner` holds its lease; false otherwise. */
  markDelivered(input: { id: string; owner: string; at: Date }): Promise<boolean>;
  /** Counts a failed attempt, schedules the next one and frees the lease, if `owner` holds it. */
  markFailed(input: { id: string; owner: string; nextAttemptAt: Date }): Promise<boolean>;
}

/** Who holds a job's lease, and since when. */
export interface TJobLease {
  job: string;
  owner: string;
  acquiredAt: Date;
  expiresAt: Date;
  releasedAt: Date | null;
}

/** Leases that let a job run on one hub instance at a time. */
export interface JobLeaseRepo {
  /** Takes the lease when free or expired, or extends it for its holder; false when another owner holds it. */
  acquire(input: { job: string; owner: string; now: Date; ttlMs: number }): Promise<boolean>;
  /** Ends the lease if `owner` holds it (the row stays as a record of the last run). */
  release(input: { job: string; owner: string; now: Date }): Promise<boolean>;
  get(job: string): Promise<TJobLease | null>;
}

/** Where an erasure request came from. */
export type TErasureSource = "console" | "api" | "wordpress" | "cli";

/** Proof of an erasure: what went, where and when; ids and counts only. */
export interface TErasureReceiptRow {
  id: string;
  /** The caller's own id for the request (a retry with the same one answers with this receipt). */
  requestId: string | null;
  source: TErasureSource;
  actor: { type: "member" | "system"; id: string | null };
  visitorIds: string[];
  conversationIds: string[];
  siteIds: string[];
  installations: { id: string; platform: TInstallation["platform"] }[];
  counts: {
    visitors: number;
    conversations: number;
    messages: number;
    readMarkers: number;
    keysDestroyed: number;
    outboxQueued: number;
  };
  requestedAt: Date;
  /** When every key was destroyed: from then on nothing of theirs could be read, backups included. */
  unreadableAt: Date;
  completedAt: Date;
}

/** Erasure receipts of one workspace. */
export interface ErasureReceiptRepo {
  create(input: TErasureReceiptRow): Promise<TErasureReceiptRow>;
  get(id: string): Promise<TErasureReceiptRow | null>;
  findByRequestId(requestId: string): Promise<TErasureReceiptRow | null>;
  /** Most recent first. */
  list(options?: { limit?: number }): Promise<TErasureReceiptRow[]>;
}

/** What `Store.compact` did. */
export interface TCompactResult {
  /** Whether the write-ahead log was folded into the database file and emptied. */
  isCheckpointed: boolean;
  /** Free pages left in the file (zeroed by secure_delete), or null where not measured. */
  freePages: number | null;
  totalPages: number | null;
}

/** Every repository of one workspace. There is no way to reach a row without naming its workspace. */
export interface ScopedStore {
  readonly workspaceId: string;
  readonly departments: DepartmentRepo;
  readonly sites: SiteRepo;
  readonly members: MemberRepo;
  readonly visitors: VisitorRepo;
  readonly conversations: ConversationRepo;
  readonly messages: MessageRepo;
  readonly policies: PolicyRepo;
  readonly audit: AuditRepo;
  readonly installations: InstallationRepo;
  readonly reads: ConversationReadRepo;
  readonly sessions: MemberSessionRepo;
  readonly recoveryCodes: RecoveryCodeRepo;
  readonly totpSteps: TotpStepRepo;
  readonly purge: PurgeRepo;
  readonly outbox: OutboxRepo;
  readonly erasureReceipts: ErasureReceiptRepo;
}

/** The storage port: SQLite and PostgreSQL adapters implement it and pass the same contract suite. */
export interface Store {
  readonly dialect: "sqlite" | "postgres";
  readonly workspaces: {
    create(input: TWorkspace): Promise<TWorkspace>;
    get(id: string): Promise<TWorkspace | null>;
    list(): Promise<TWorkspace[]>;
  };
  /** Finds which workspace a public site key belongs to (the widget's only unscoped lookup). */
  findSiteByKey(siteKey: string): Promise<TSiteRow | null>;
  /** Every member with this email in any workspace (sign-in's only unscoped lookup, before a workspace is known). */
  findMembersByEmail(email: string): Promise<TMemberRow[]>;
  readonly signInThrottle: SignInThrottleRepo;
  readonly keys: KeyStore;
  /** Plugin deletion requests, claimed across workspaces by the outbox job. */
  readonly outboxQueue: OutboxQueue;
  readonly jobLeases: JobLeaseRepo;
  /**
   * Makes deleted rows leave the files: on SQLite, folds the WAL into the database and truncates
   * it (secure_delete already zeroes what is deleted); elsewhere a no-op. `mode: "passive"` only
   * copies what it can without waiting or truncating: cheap enough to run between purge batches,
   * so the WAL stays small and no chat commit pays for a large automatic checkpoint.
   */
  compact(options?: { mode?: "passive" | "truncate" }): Promise<TCompactResult>;
  /**
   * Milliseconds the purge's and erasure's writes have spent, in all, waiting to become durable
   * with a chat's flush instead of one of their own: idle time that pacing does not count as work.
   */
  backgroundRideMs(): number;
  scoped(workspaceId: string): ScopedStore;
  migrate(): Promise<void>;
  close(): Promise<void>;
}
