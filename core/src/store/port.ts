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
}

export type TNewMessageRow = Omit<TMessageRow, "seq">;

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
  /** Stores a message with the next sequence number of its conversation and bumps its activity time. */
  append(input: TNewMessageRow): Promise<TMessageRow>;
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
  readonly keys: KeyStore;
  scoped(workspaceId: string): ScopedStore;
  migrate(): Promise<void>;
  close(): Promise<void>;
}
