// Test support for the lifecycle suites (not exported from the package): a real SQLite store and
// vault (the chat harness) with a clock the tests move, and seeding helpers that write visitors,
// conversations and messages at chosen times through the real sealing code.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { createHarness, type THarness } from "../chat/test-harness";
import type { TConversation } from "../schemas/conversation";
import type { TMessageAuthor } from "../schemas/message";
import type { TMessageRow, TSiteRow, TVisitorRow } from "../store/port";
import { sealMessage, sealVisitor } from "../store/sealed-records";

export const DAY_MS = 86_400_000;
export const T0 = new Date(Date.UTC(2026, 0, 1));

/** `T0` plus some days. */
export function daysAfter(days: number, ms = 0): Date {
  return new Date(T0.getTime() + days * DAY_MS + ms);
}

/** A harness whose clock (`clock.now`) the test sets. */
export type TLifecycleHarness = THarness & { clock: { now: Date } };

/** The chat harness on a clock that starts at T0. */
export async function createLifecycleHarness(): Promise<TLifecycleHarness> {
  const clock = { now: T0 };
  const h = await createHarness({ now: () => clock.now });
  return Object.assign(h, { clock });
}

/** Adds a second site (the harness has "Shop"). */
export async function addSiteRow(h: THarness, name: string): Promise<TSiteRow> {
  return h.store.scoped(h.workspaceId).sites.create({
    id: randomUUID(),
    name,
    siteKey: `site_${randomUUID().replaceAll("-", "")}`,
    allowedDomains: [`${name.toLowerCase()}.acme.test`],
    consentMode: "essential",
    privacyPolicyUrl: null,
    defaultDepartmentId: null,
    keyId: randomUUID(),
    identitySecretCipher: null,
    createdAt: T0,
  });
}

/** Stores a visitor sealed by the real vault, last seen at `lastSeenAt`. */
export async function seedVisitor(
  h: THarness,
  options: {
    siteId: string;
    lastSeenAt: Date;
    email?: string;
    name?: string;
    verified?: boolean;
    ip?: string;
  },
): Promise<TVisitorRow> {
  const row = await sealVisitor(h.vault, h.workspaceId, {
    id: randomUUID(),
    siteId: options.siteId,
    email: options.email ?? null,
    name: options.name ?? null,
    identityVerified: options.verified ?? false,
    ip: options.ip ?? null,
    consent: { functional: true, updatedAt: options.lastSeenAt },
    createdAt: options.lastSeenAt,
    lastSeenAt: options.lastSeenAt,
  });
  return h.store.scoped(h.workspaceId).visitors.create(row);
}

/** A seeded conversation and the sealed rows of its messages. */
export type TSeededConversation = { conversation: TConversation; messages: TMessageRow[] };

/** Stores a conversation whose messages (and so last activity) are at `at`, sealed under the visitor's key. */
export async function seedConversation(
  h: THarness,
  options: {
    visitor: TVisitorRow;
    departmentId: string;
    at: Date;
    bodies: readonly string[];
    status?: TConversation["status"];
    memberId?: string;
    slack?: TConversation["slack"];
    zendesk?: TConversation["zendesk"];
  },
): Promise<TSeededConversation> {
  const scope = h.store.scoped(h.workspaceId);
  const conversation = await scope.conversations.create({
    id: randomUUID(),
    siteId: options.visitor.siteId,
    departmentId: options.departmentId,
    visitorId: options.visitor.id,
    status: options.status ?? "closed",
    assigneeId: options.memberId ?? null,
    createdAt: options.at,
    lastActivityAt: options.at,
    closedAt: options.status === "closed" || options.status === undefined ? options.at : null,
    slack: options.slack ?? null,
    zendesk: options.zendesk ?? null,
  });
  const messages: TMessageRow[] = [];
  for (const [i, body] of options.bodies.entries()) {
    const author: TMessageAuthor =
      options.memberId !== undefined && i % 2 === 1
        ? { type: "member", id: options.memberId }
        : { type: "visitor", id: options.visitor.id };
    messages.push(
      await scope.messages.append(
        await sealMessage(h.vault, h.workspaceId, {
          id: randomUUID(),
          conversationId: conversation.id,
          author,
          body,
          createdAt: options.at,
          visitorKeyId: options.visitor.keyId,
        }),
      ),
    );
  }
  return { conversation, messages };
}

/** Runs a query on the database file through a second, read-only connection (what is really stored). */
export function queryFile<T = Record<string, unknown>>(
  h: THarness,
  sql: string,
  params: unknown[] = [],
): T[] {
  const db = new Database(h.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Which of `needles` occur anywhere in the database file or its WAL, byte for byte. */
export function findBytesInFiles(h: THarness, needles: readonly Uint8Array[]): number[] {
  const files: Buffer[] = [];
  for (const path of [h.dbPath, `${h.dbPath}-wal`]) {
    try {
      files.push(readFileSync(path));
    } catch {
      // No WAL right after a truncating checkpoint: nothing to scan there.
    }
  }
  return needles.flatMap((needle, i) =>
    files.some((bytes) => bytes.indexOf(Buffer.from(needle)) >= 0) ? [i] : [],
  );
}
