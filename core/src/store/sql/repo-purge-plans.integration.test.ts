import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { newTimeOrderedId } from "../../ids/new-time-ordered-id";
import { createSqliteDriver, openSqliteDatabase } from "../sqlite";
import type { SqlDriver, TSqlStatement, TSqlValue } from "./driver";
import { migrate } from "./migrations";
import { createPurgeRepo } from "./repo-purge";

// The attack (or plain accident) this stops: a purge or erasure step whose statement walks every
// row of the workspace instead of looking its few ids up. Each step then holds the database's write
// lock in proportion to the workspace's size, so the bigger the customer, the longer every live
// chat's commit waits behind the purge (1,000,000 messages made it miss its latency target).
// SQLite chooses plans without statistics here, so the test pins the plans the statements get.

const VISITORS = 2_000;
const dir = mkdtempSync(join(tmpdir(), "tawkster-purge-plans-"));
const driver = createSqliteDriver(openSqliteDatabase(join(dir, "plans.db")));
const workspaceId = randomUUID();
const otherWorkspaceId = randomUUID();
const visitorIds: string[] = [];
const keyIds: string[] = [];
const conversationIds: string[] = [];
const otherVisitorId = newTimeOrderedId();

/** The driver, recording every statement it is given (background writes included). */
function recording(db: SqlDriver, into: TSqlStatement[]): SqlDriver {
  const record = (sql: string, params?: TSqlValue[]) => {
    into.push({ sql, params: params ?? [] });
  };
  return {
    ...db,
    run: (sql, params) => {
      record(sql, params);
      return db.run(sql, params);
    },
    all: (sql, params) => {
      record(sql, params);
      return db.all(sql, params);
    },
    get: (sql, params) => {
      record(sql, params);
      return db.get(sql, params);
    },
    transaction: (fn) => db.transaction(fn),
    writeInBackground: async (statements) => {
      for (const s of statements) record(s.sql, s.params);
      return db.writeInBackground ? db.writeInBackground(statements) : [];
    },
  };
}

/** SQLite's plan for a statement, one line per step. */
function planOf(statement: TSqlStatement): string[] {
  const params = (statement.params ?? []).map((p) => (p instanceof Uint8Array ? Buffer.from(p) : p));
  const rows = driver.raw.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...params) as {
    detail: string;
  }[];
  return rows.map((r) => r.detail);
}

function assertLooksUpByKey(statements: TSqlStatement[], table: string, index: RegExp): void {
  const mine = statements.filter((s) => new RegExp(`(FROM|INTO) ${table}\\b`).test(s.sql));
  assert.ok(mine.length > 0, `no statement on ${table} was issued`);
  for (const statement of mine) {
    const plan = planOf(statement).filter(
      (line) => line.includes(` ${table} `) || line.endsWith(` ${table}`),
    );
    assert.ok(
      plan.some((line) => index.test(line)),
      `${statement.sql}\nplanned as:\n  ${plan.join("\n  ")}`,
    );
    for (const line of plan) {
      assert.doesNotMatch(line, /^SCAN /, `${statement.sql} scans ${table}`);
      assert.doesNotMatch(
        line,
        /\(workspace_id=\?( AND purpose=\?)?\)$/,
        `${statement.sql} walks the workspace`,
      );
    }
  }
}

before(async () => {
  await migrate(driver);
  const raw = driver.raw;
  const at = Date.now() - 400 * 86_400_000;
  for (const id of [workspaceId, otherWorkspaceId]) {
    raw.prepare("INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)").run(id, "Clinic", at);
  }
  const insertKey = raw.prepare(
    "INSERT INTO data_keys (workspace_id, id, purpose, owner_id, kek_id, wrapped, created_at) VALUES (?, ?, 'visitor', ?, 'kek', X'00', ?)",
  );
  const insertVisitor = raw.prepare(
    `INSERT INTO visitors (workspace_id, id, site_id, key_id, identity_verified, consent_functional, created_at, last_seen_at)
     VALUES (?, ?, 'site', ?, 0, 0, ?, ?)`,
  );
  const insertConversation = raw.prepare(
    `INSERT INTO conversations (workspace_id, id, site_id, department_id, visitor_id, status, created_at, last_activity_at)
     VALUES (?, ?, 'site', 'dep', ?, 'closed', ?, ?)`,
  );
  const insertRead = raw.prepare(
    "INSERT INTO conversation_reads (workspace_id, member_id, conversation_id, last_read_seq) VALUES (?, ?, ?, 1)",
  );
  raw.transaction(() => {
    for (let i = 0; i < VISITORS; i++) {
      const visitorId = newTimeOrderedId(at + i);
      const keyId = newTimeOrderedId(at + i);
      const conversationId = newTimeOrderedId(at + i);
      insertKey.run(workspaceId, keyId, visitorId, at + i);
      insertVisitor.run(workspaceId, visitorId, keyId, at + i, at + i);
      insertConversation.run(workspaceId, conversationId, visitorId, at + i, at + i);
      insertRead.run(workspaceId, `member-${i % 7}`, conversationId);
      visitorIds.push(visitorId);
      keyIds.push(keyId);
      conversationIds.push(conversationId);
    }
    insertKey.run(otherWorkspaceId, "other-key", otherVisitorId, at);
    insertVisitor.run(otherWorkspaceId, otherVisitorId, "other-key", at, at);
  })();
});

after(async () => {
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("purge statements on SQLite", () => {
  it("find and delete visitors, their keys and their conversations' read markers by key, not by walking the workspace", async () => {
    const issued: TSqlStatement[] = [];
    const purge = createPurgeRepo(recording(driver, issued), workspaceId);
    const some = [3, 500, 501, 1200, 1999];
    assert.equal((await purge.listVisitors(some.map((i) => visitorIds[i] as string))).length, 5);
    assert.equal(
      (await purge.listConversationsOfVisitors(some.map((i) => visitorIds[i] as string))).length,
      5,
    );
    const ids = some.map((i) => conversationIds[i] as string);
    assert.equal(await purge.deleteMessages(ids, { createdUpTo: null, limit: 5 }), 0);
    assert.equal(await purge.deleteVisitorKeys(some.map((i) => keyIds[i] as string)), 5);
    const removed = await purge.deleteConversations(some.map((i) => ({ id: conversationIds[i] as string })));
    assert.equal(removed.deletedIds.length, 5);
    assert.equal(removed.readMarkers, 5);
    assert.equal(await purge.deleteVisitors(some.map((i) => visitorIds[i] as string)), 5);

    assertLooksUpByKey(issued, "visitors", /USING (COVERING )?INDEX sqlite_autoindex_visitors_1 \(id=\?\)/);
    assertLooksUpByKey(
      issued,
      "data_keys",
      /USING (COVERING )?INDEX sqlite_autoindex_data_keys_1 \(workspace_id=\? AND id=\?\)/,
    );
    assertLooksUpByKey(
      issued,
      "conversations",
      /USING (COVERING )?INDEX (conversations_visitor \(workspace_id=\? AND visitor_id=\?\)|sqlite_autoindex_conversations_1 \(id=\?\))/,
    );
    assertLooksUpByKey(
      issued,
      "messages",
      /USING (COVERING )?INDEX (messages_seq \(workspace_id=\? AND conversation_id=\?\)|sqlite_autoindex_messages_1 \(id=\?\))/,
    );
    assertLooksUpByKey(
      issued,
      "conversation_reads",
      /USING (COVERING )?INDEX conversation_reads_conversation \(workspace_id=\? AND conversation_id=\?\)/,
    );
  });

  it("still deletes only the workspace's own rows: another workspace's visitor and key named by id stay", async () => {
    const purge = createPurgeRepo(driver, workspaceId);
    assert.deepEqual(await purge.listVisitors([otherVisitorId]), []);
    assert.equal(await purge.deleteVisitorKeys(["other-key"]), 0);
    assert.equal(await purge.deleteVisitors([otherVisitorId]), 0);
    const left = driver.raw
      .prepare(
        "SELECT (SELECT COUNT(*) FROM visitors WHERE id = ?) AS v, (SELECT COUNT(*) FROM data_keys WHERE id = 'other-key') AS k",
      )
      .get(otherVisitorId) as { v: number; k: number };
    assert.deepEqual({ ...left }, { v: 1, k: 1 });
    // A visitor's own key under another purpose (none exists today) is never taken for a visitor key.
    driver.raw
      .prepare(
        "INSERT INTO data_keys (workspace_id, id, purpose, owner_id, kek_id, wrapped, created_at) VALUES (?, 'ws-key', 'workspace', NULL, 'kek', X'00', 0)",
      )
      .run(workspaceId);
    assert.equal(await purge.deleteVisitorKeys(["ws-key"]), 0);
  });
});
