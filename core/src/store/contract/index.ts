import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { verifyChain } from "../../audit";
import { isAppError } from "../../errors/app-error";
import type { TAuditEventInput } from "../../schemas";
import type { Store, TVisitorRow } from "../port";
import type { SqlExecutor } from "../sql/driver";

/** What an adapter hands the contract: the store, and a raw handle to check what was really written. */
export interface TStoreUnderTest {
  store: Store;
  raw: SqlExecutor;
  dispose(): Promise<void>;
}

const at = (iso: string) => new Date(iso);

function bytes(n = 48): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

function asBytes(value: unknown): Uint8Array {
  assert.ok(value instanceof Uint8Array, "expected a byte column");
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isAppError(error), `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

/** A visitor row with no personal data (nothing sealed), new ids, seen at `at`; fields overridable. */
function plainVisitor(seenAt: Date, overrides: Partial<TVisitorRow> = {}): TVisitorRow {
  return {
    id: randomUUID(),
    siteId: randomUUID(),
    keyId: randomUUID(),
    emailCipher: null,
    emailIndex: null,
    nameCipher: null,
    ipCipher: null,
    identityVerified: false,
    consentFunctional: false,
    consentUpdatedAt: null,
    createdAt: seenAt,
    lastSeenAt: seenAt,
    ...overrides,
  };
}

function auditInput(n: number): TAuditEventInput {
  return {
    actor: { type: "member", id: `m-${n}` },
    action: "conversation.read",
    resource: { type: "conversation", id: `c-${n}` },
    outcome: "success",
    details: { n },
  };
}

/**
 * The store contract: every adapter runs it (`runStoreContract("sqlite", make)`). It checks the
 * rows really written through the raw handle, not only what the adapter hands back.
 */
export function runStoreContract(name: string, make: () => Promise<TStoreUnderTest>): void {
  describe(`store contract: ${name}`, () => {
    let t: TStoreUnderTest;
    let store: Store;
    const wsA = randomUUID();
    const wsB = randomUUID();

    before(async () => {
      t = await make();
      store = t.store;
      await store.workspaces.create({ id: wsA, name: "Acme", createdAt: at("2026-01-01T00:00:00.123Z") });
      await store.workspaces.create({ id: wsB, name: "Globex", createdAt: at("2026-01-02T00:00:00Z") });
    });
    after(async () => t?.dispose());

    it("creates and reads workspaces with millisecond times; unknown ids are null", async () => {
      const ws = await store.workspaces.get(wsA);
      assert.deepEqual(ws, { id: wsA, name: "Acme", createdAt: at("2026-01-01T00:00:00.123Z") });
      assert.equal(await store.workspaces.get(randomUUID()), null);
      const ids = (await store.workspaces.list()).map((w) => w.id);
      assert.ok(ids.includes(wsA) && ids.includes(wsB));
    });

    it("scopes departments to their workspace: another workspace can neither see nor change them", async () => {
      const id = randomUUID();
      await store.scoped(wsA).departments.create({ id, name: "Sales", createdAt: new Date() });
      assert.equal(await store.scoped(wsB).departments.get(id), null);
      assert.equal(await store.scoped(wsB).departments.rename(id, "Hijacked"), null);
      assert.equal(await store.scoped(wsB).departments.delete(id), false);
      const raw = await t.raw.all("SELECT workspace_id, name FROM departments WHERE id = ?", [id]);
      assert.deepEqual(raw, [{ workspace_id: wsA, name: "Sales" }]);
      assert.equal((await store.scoped(wsA).departments.rename(id, "Sales EU"))?.name, "Sales EU");
      assert.deepEqual(
        (await store.scoped(wsA).departments.list()).map((d) => d.name),
        ["Sales EU"],
      );
      assert.equal(await store.scoped(wsA).departments.delete(id), true);
      assert.equal((await t.raw.all("SELECT id FROM departments WHERE id = ?", [id])).length, 0);
    });

    it("stores a site's secret as the exact ciphertext bytes and finds the site by its public key", async () => {
      const cipher = bytes();
      const siteKey = `site_${randomUUID().replaceAll("-", "")}`;
      const site = {
        id: randomUUID(),
        name: "Shop",
        siteKey,
        allowedDomains: ["shop.example.com", "*.example.org"],
        consentMode: "essential" as const,
        privacyPolicyUrl: "https://shop.example.com/privacy",
        defaultDepartmentId: null,
        keyId: randomUUID(),
        identitySecretCipher: cipher,
        createdAt: at("2026-03-04T05:06:07.089Z"),
      };
      await store.scoped(wsA).sites.create(site);
      const [row] = await t.raw.all<{ identity_secret_cipher: unknown }>(
        "SELECT identity_secret_cipher FROM sites WHERE id = ?",
        [site.id],
      );
      assert.deepEqual(asBytes(row?.identity_secret_cipher), cipher);
      assert.deepEqual(await store.findSiteByKey(siteKey), { ...site, workspaceId: wsA });
      assert.equal(await store.findSiteByKey("site_doesnotexist000000000"), null);
      assert.equal(await store.scoped(wsB).sites.get(site.id), null);
      const updated = await store.scoped(wsA).sites.update(site.id, { allowedDomains: ["new.example.com"] });
      assert.deepEqual(updated?.allowedDomains, ["new.example.com"]);
      assert.equal(await store.scoped(wsB).sites.update(site.id, { name: "Hijacked" }), null);
      assert.equal((await store.scoped(wsA).sites.get(site.id))?.name, "Shop");
      await rejectsWithCode(
        store.scoped(wsB).sites.create({ ...site, id: randomUUID(), createdAt: new Date() }),
        "resource.conflict",
      );
    });

    it("keeps member emails unique per workspace, case-insensitively", async () => {
      const member = {
        id: randomUUID(),
        email: "Ada@Example.com",
        name: "Ada",
        role: "agent" as const,
        departmentIds: [randomUUID()],
        status: "active" as const,
        twoFactorEnabled: false,
        passwordHash: "$argon2id$v=19$fake",
        keyId: null,
        totpSecretCipher: null,
        createdAt: new Date(),
        lastSignInAt: null,
      };
      const created = await store.scoped(wsA).members.create(member);
      assert.equal(created.email, "ada@example.com");
      assert.equal((await store.scoped(wsA).members.findByEmail(" ADA@example.COM "))?.id, member.id);
      assert.equal(await store.scoped(wsB).members.findByEmail("ada@example.com"), null);
      await rejectsWithCode(
        store.scoped(wsA).members.create({ ...member, id: randomUUID() }),
        "resource.conflict",
      );
      await store.scoped(wsB).members.create({ ...member, id: randomUUID() });
      const signedIn = at("2026-05-05T05:05:05.555Z");
      const updated = await store
        .scoped(wsA)
        .members.update(member.id, { role: "manager", lastSignInAt: signedIn });
      assert.equal(updated?.role, "manager");
      assert.deepEqual(updated?.lastSignInAt, signedIn);
      assert.equal(await store.scoped(wsB).members.update(member.id, { role: "admin" }), null);
      assert.equal((await store.scoped(wsA).members.get(member.id))?.role, "manager");
    });

    it("stores visitor PII only as the ciphertext it is given and finds visitors by blind index", async () => {
      const visitor = {
        id: randomUUID(),
        siteId: randomUUID(),
        keyId: randomUUID(),
        emailCipher: bytes(),
        emailIndex: "a".repeat(64),
        nameCipher: bytes(),
        ipCipher: null,
        identityVerified: true,
        consentFunctional: false,
        consentUpdatedAt: null,
        createdAt: at("2026-01-01T00:00:00Z"),
        lastSeenAt: at("2026-02-01T00:00:00Z"),
      };
      await store.scoped(wsA).visitors.create(visitor);
      const [row] = await t.raw.all<Record<string, unknown>>(
        "SELECT email_cipher, name_cipher, ip_cipher FROM visitors WHERE id = ?",
        [visitor.id],
      );
      assert.deepEqual(asBytes(row?.email_cipher), visitor.emailCipher);
      assert.deepEqual(asBytes(row?.name_cipher), visitor.nameCipher);
      assert.equal(row?.ip_cipher, null);
      assert.deepEqual(
        (await store.scoped(wsA).visitors.findByEmailIndex(visitor.emailIndex)).map((v) => v.id),
        [visitor.id],
      );
      assert.deepEqual(await store.scoped(wsB).visitors.findByEmailIndex(visitor.emailIndex), []);
      assert.deepEqual(await store.scoped(wsA).visitors.get(visitor.id), visitor);
      assert.deepEqual(
        (await store.scoped(wsA).visitors.listLastSeenBefore(at("2026-02-01T00:00:00.001Z"), 10)).map(
          (v) => v.id,
        ),
        [visitor.id],
      );
      assert.deepEqual(
        await store.scoped(wsA).visitors.listLastSeenBefore(at("2026-02-01T00:00:00Z"), 10),
        [],
      );
      assert.equal(await store.scoped(wsB).visitors.delete(visitor.id), false);
      assert.equal(await store.scoped(wsA).visitors.delete(visitor.id), true);
      assert.equal((await t.raw.all("SELECT id FROM visitors WHERE id = ?", [visitor.id])).length, 0);
    });

    it("numbers messages 1..n per conversation, even when appended concurrently", async () => {
      const scope = store.scoped(wsA);
      const conversationId = randomUUID();
      await scope.conversations.create({
        id: conversationId,
        siteId: randomUUID(),
        departmentId: randomUUID(),
        visitorId: randomUUID(),
        status: "waiting",
        assigneeId: null,
        createdAt: at("2026-01-01T00:00:00Z"),
        lastActivityAt: at("2026-01-01T00:00:00Z"),
        closedAt: null,
        slack: null,
        zendesk: null,
      });
      const ciphers = Array.from({ length: 50 }, () => bytes(32));
      const appended = await Promise.all(
        ciphers.map((bodyCipher, i) =>
          scope.messages.append({
            id: randomUUID(),
            conversationId,
            author: i % 2 ? { type: "member", id: randomUUID() } : { type: "visitor", id: randomUUID() },
            keyId: randomUUID(),
            bodyCipher,
            createdAt: new Date(Date.UTC(2026, 0, 2, 0, 0, i)),
          }),
        ),
      );
      assert.deepEqual(
        appended.map((m) => m.seq).sort((a, b) => a - b),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      const listed = await scope.messages.list(conversationId);
      assert.deepEqual(
        listed.map((m) => m.seq),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      for (const m of listed) {
        const original = appended.find((a) => a.id === m.id);
        assert.deepEqual(m, original);
      }
      assert.deepEqual(
        (await scope.messages.list(conversationId, { afterSeq: 47 })).map((m) => m.seq),
        [48, 49, 50],
      );
      assert.equal(await scope.messages.count(conversationId), 50);
      const convo = await scope.conversations.get(conversationId);
      assert.ok(convo && convo.lastActivityAt.getTime() >= Date.UTC(2026, 0, 2, 0, 0, 0));
      // Another workspace cannot append to or read this conversation.
      await rejectsWithCode(
        store.scoped(wsB).messages.append({
          id: randomUUID(),
          conversationId,
          author: { type: "system" },
          keyId: randomUUID(),
          bodyCipher: bytes(),
          createdAt: new Date(),
        }),
        "resource.not_found",
      );
      assert.deepEqual(await store.scoped(wsB).messages.list(conversationId), []);
      assert.equal(await scope.messages.count(conversationId), 50);
      // Deleting the conversation takes its messages with it.
      assert.equal(await store.scoped(wsB).conversations.delete(conversationId), false);
      assert.equal(await scope.conversations.delete(conversationId), true);
      const left = await t.raw.all("SELECT id FROM messages WHERE conversation_id = ?", [conversationId]);
      assert.equal(left.length, 0);
    });

    it("keeps a client message id once per author, even when appended concurrently, and finds it only for that author", async () => {
      const scope = store.scoped(wsA);
      const [visitorA, visitorB] = [randomUUID(), randomUUID()];
      const conversationId = randomUUID();
      await scope.conversations.create({
        id: conversationId,
        siteId: randomUUID(),
        departmentId: randomUUID(),
        visitorId: visitorA,
        status: "waiting",
        assigneeId: null,
        createdAt: at("2026-01-01T00:00:00Z"),
        lastActivityAt: at("2026-01-01T00:00:00Z"),
        closedAt: null,
        slack: null,
        zendesk: null,
      });
      const clientMessageId = randomUUID();
      const row = (author: { type: "visitor" | "member"; id: string }, id = clientMessageId) => ({
        id: randomUUID(),
        conversationId,
        author,
        keyId: randomUUID(),
        bodyCipher: bytes(),
        createdAt: at("2026-01-02T00:00:00Z"),
        clientMessageId: id,
      });
      // Eight concurrent appends of one id by one author: exactly one is stored, the rest conflict.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => scope.messages.append(row({ type: "visitor", id: visitorA }))),
      );
      const stored = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.seq, 1, "a refused duplicate does not use up a seq");
      for (const outcome of outcomes) {
        if (outcome.status === "rejected") assert.equal(outcome.reason?.code, "resource.conflict");
      }
      const rows = await t.raw.all<{ client_message_id: string }>(
        "SELECT client_message_id FROM messages WHERE conversation_id = ?",
        [conversationId],
      );
      assert.deepEqual(rows, [{ client_message_id: clientMessageId }]);
      assert.deepEqual(
        await scope.messages.findByClientMessageId({ type: "visitor", id: visitorA }, clientMessageId),
        stored[0],
      );
      assert.deepEqual((await scope.messages.list(conversationId))[0], stored[0]);

      // Another author (visitor or member) with the same id neither finds that message nor collides.
      assert.equal(
        await scope.messages.findByClientMessageId({ type: "visitor", id: visitorB }, clientMessageId),
        null,
      );
      const other = await scope.messages.append(row({ type: "visitor", id: visitorB }));
      const member = await scope.messages.append(row({ type: "member", id: visitorA }));
      assert.deepEqual([other.seq, member.seq], [2, 3]);
      assert.equal(
        (await scope.messages.findByClientMessageId({ type: "visitor", id: visitorB }, clientMessageId))?.id,
        other.id,
      );
      // Nor does another workspace, and rows without an id never collide with each other.
      assert.equal(
        await store
          .scoped(wsB)
          .messages.findByClientMessageId({ type: "visitor", id: visitorA }, clientMessageId),
        null,
      );
      const withoutId = () => {
        const { clientMessageId: _none, ...rest } = row({ type: "visitor", id: visitorA });
        return rest;
      };
      const plain = await Promise.all([
        scope.messages.append(withoutId()),
        scope.messages.append(withoutId()),
      ]);
      assert.deepEqual(
        plain.map((m) => m.clientMessageId),
        [null, null],
      );
      assert.equal(await scope.messages.count(conversationId), 5);
      assert.equal(await scope.conversations.delete(conversationId), true);
    });

    it("filters conversations by department, status, assignee and visitor, and finds inactive ones", async () => {
      const scope = store.scoped(wsB);
      const [d1, d2, agent, visitor] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const make = (
        departmentId: string,
        status: "waiting" | "open" | "closed",
        assigneeId: string | null,
        day: number,
      ) => ({
        id: randomUUID(),
        siteId: randomUUID(),
        departmentId,
        visitorId: visitor,
        status,
        assigneeId,
        createdAt: new Date(Date.UTC(2026, 0, day)),
        lastActivityAt: new Date(Date.UTC(2026, 0, day)),
        closedAt: status === "closed" ? new Date(Date.UTC(2026, 0, day)) : null,
        slack: day === 3 ? { teamId: "T1", channelId: "C1", threadTs: "1.2" } : null,
        zendesk: null,
      });
      const rows = [make(d1, "waiting", null, 1), make(d1, "open", agent, 2), make(d2, "closed", agent, 3)];
      for (const row of rows) await scope.conversations.create(row);
      const ids = async (filter: Parameters<typeof scope.conversations.list>[0]) =>
        (await scope.conversations.list(filter)).map((c) => c.id).sort();
      assert.deepEqual(await ids({ departmentIds: [d1] }), [rows[0]?.id, rows[1]?.id].sort());
      assert.deepEqual(await ids({ departmentIds: [] }), []);
      assert.deepEqual(await ids({ statuses: ["closed"] }), [rows[2]?.id]);
      assert.deepEqual(
        await ids({ assigneeId: agent, departmentIds: [d1, d2] }),
        [rows[1]?.id, rows[2]?.id].sort(),
      );
      assert.deepEqual(await ids({ assigneeId: null, visitorId: visitor }), [rows[0]?.id]);
      assert.deepEqual((await scope.conversations.get(rows[2]?.id ?? ""))?.slack, {
        teamId: "T1",
        channelId: "C1",
        threadTs: "1.2",
      });
      const inactive = await scope.conversations.listInactiveSince(new Date(Date.UTC(2026, 0, 2)), 10);
      assert.deepEqual(
        inactive.map((c) => c.id),
        [rows[0]?.id],
      );
      const moved = await scope.conversations.update(rows[0]?.id ?? "", {
        departmentId: d2,
        status: "open",
        assigneeId: agent,
      });
      assert.equal(moved?.departmentId, d2);
      assert.equal(
        await store.scoped(wsA).conversations.update(rows[0]?.id ?? "", { status: "closed" }),
        null,
      );
      assert.equal((await scope.conversations.get(rows[0]?.id ?? ""))?.status, "open");
    });

    it("reads a conversation with its visitor's key id in its own workspace only, null once the visitor is gone", async () => {
      const scope = store.scoped(wsA);
      const visitor = plainVisitor(at("2026-01-01T00:00:00Z"));
      await scope.visitors.create(visitor);
      const conversation = {
        id: randomUUID(),
        siteId: visitor.siteId,
        departmentId: randomUUID(),
        visitorId: visitor.id,
        status: "open" as const,
        assigneeId: null,
        createdAt: at("2026-01-01T00:00:00.250Z"),
        lastActivityAt: at("2026-01-01T00:00:00.250Z"),
        closedAt: null,
        slack: null,
        zendesk: { ticketId: 7, subdomain: "acme" },
      };
      await scope.conversations.create(conversation);
      const found = await scope.conversations.getWithVisitorKey(conversation.id);
      assert.deepEqual(found, {
        conversation: await scope.conversations.get(conversation.id),
        visitorKeyId: visitor.keyId,
      });
      assert.equal(found?.conversation.zendesk?.ticketId, 7);
      // Another workspace sees neither the conversation nor, through it, the visitor's key.
      assert.equal(await store.scoped(wsB).conversations.getWithVisitorKey(conversation.id), null);
      assert.equal(await scope.conversations.getWithVisitorKey(randomUUID()), null);
      assert.equal(await scope.visitors.delete(visitor.id), true);
      assert.deepEqual(await scope.conversations.getWithVisitorKey(conversation.id), {
        conversation: await scope.conversations.get(conversation.id),
        visitorKeyId: null,
      });
    });

    it("stores one policy per scope, overwriting on put, validated on the way in and out", async () => {
      const scope = store.scoped(wsA);
      const dept = randomUUID();
      await scope.policies.put({ type: "workspace" }, { retention: { conversationDays: 30 } });
      await scope.policies.put({ type: "department", id: dept }, { legalHold: true });
      await scope.policies.put({ type: "workspace" }, { retention: { conversationDays: 90 } });
      assert.deepEqual((await scope.policies.get({ type: "workspace" }))?.settings, {
        retention: { conversationDays: 90 },
      });
      assert.deepEqual((await scope.policies.get({ type: "department", id: dept }))?.settings, {
        legalHold: true,
      });
      assert.equal(await store.scoped(wsB).policies.get({ type: "workspace" }), null);
      assert.equal((await scope.policies.list()).length, 2);
      await assert.rejects(
        scope.policies.put({ type: "workspace" }, { retention: { conversationDays: -1 } }),
      );
      assert.equal(await scope.policies.delete({ type: "department", id: dept }), true);
      assert.equal((await scope.policies.list()).length, 1);
    });

    it("appends audit events as one unbroken chain, even concurrently, and the raw rows verify", async () => {
      const scope = store.scoped(wsB);
      await Promise.all(Array.from({ length: 20 }, (_, i) => scope.audit.append(auditInput(i))));
      const events = await scope.audit.list();
      assert.deepEqual(
        events.map((e) => e.seq),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      assert.equal(verifyChain(events).ok, true);
      assert.equal((await scope.audit.last())?.seq, 20);
      assert.deepEqual(await store.scoped(wsA).audit.list(), []);
      // Tampering with the stored row is caught by verification.
      await t.raw.run("UPDATE audit_events SET outcome = ? WHERE workspace_id = ? AND seq = ?", [
        "denied",
        wsB,
        7,
      ]);
      const result = verifyChain(await scope.audit.list());
      assert.equal(result.ok, false);
      assert.equal(result.ok ? 0 : result.seq, 7);
      assert.equal(await scope.audit.deleteBefore(5), 4);
      assert.equal((await scope.audit.list())[0]?.seq, 5);
      await assert.rejects(scope.audit.append({ ...auditInput(1), action: "Not An Action!" }));
    });

    it("keeps installations' credentials as the exact ciphertext and one installation per platform id", async () => {
      const inst = {
        id: randomUUID(),
        platform: "slack" as const,
        externalId: `T${randomUUID()}`,
        name: "Acme Slack",
        keyId: randomUUID(),
        credentialsCipher: bytes(),
        createdAt: new Date(),
      };
      await store.scoped(wsA).installations.create(inst);
      const [row] = await t.raw.all<{ credentials_cipher: unknown }>(
        "SELECT credentials_cipher FROM installations WHERE id = ?",
        [inst.id],
      );
      assert.deepEqual(asBytes(row?.credentials_cipher), inst.credentialsCipher);
      assert.deepEqual(await store.scoped(wsA).installations.get(inst.id), { ...inst, workspaceId: wsA });
      assert.equal(await store.scoped(wsB).installations.get(inst.id), null);
      await rejectsWithCode(
        store.scoped(wsB).installations.create({ ...inst, id: randomUUID() }),
        "resource.conflict",
      );
      assert.equal(await store.scoped(wsB).installations.delete(inst.id), false);
      assert.equal(await store.scoped(wsA).installations.delete(inst.id), true);
    });

    it("keeps wrapped data keys: one per owner, destroyed for good, listed for rotation", async () => {
      const key = (ownerId: string | null, purpose: "visitor" | "workspace") => ({
        workspaceId: wsA,
        id: randomUUID(),
        purpose,
        ownerId,
        kekId: "old-kek",
        wrapped: bytes(60),
        createdAt: new Date(),
      });
      const owner = randomUUID();
      const k1 = key(owner, "visitor");
      const k2 = key(null, "workspace");
      await store.keys.insertKey(k1);
      await store.keys.insertKey(k2);
      assert.deepEqual(await store.keys.findKey(wsA, k1.id), k1);
      assert.equal(await store.keys.findKey(wsB, k1.id), null);
      assert.deepEqual(await store.keys.findKeyByOwner(wsA, "visitor", owner), k1);
      assert.deepEqual(await store.keys.findKeyByOwner(wsA, "workspace", null), k2);
      await rejectsWithCode(store.keys.insertKey({ ...key(owner, "visitor") }), "resource.conflict");
      const pending = await store.keys.listKeysNotWrappedBy("new-kek", 1000);
      assert.ok(pending.some((k) => k.id === k1.id) && pending.some((k) => k.id === k2.id));
      const rewrapped = bytes(60);
      await store.keys.updateWrapping(wsA, k1.id, "new-kek", rewrapped);
      const after1 = await store.keys.findKey(wsA, k1.id);
      assert.equal(after1?.kekId, "new-kek");
      assert.deepEqual(after1?.wrapped, rewrapped);
      assert.ok(!(await store.keys.listKeysNotWrappedBy("new-kek", 1000)).some((k) => k.id === k1.id));
      assert.equal(await store.keys.destroyKey(wsB, k1.id), false);
      assert.equal(await store.keys.destroyKey(wsA, k1.id), true);
      assert.equal(await store.keys.destroyKey(wsA, k1.id), false);
      assert.equal((await t.raw.all("SELECT id FROM data_keys WHERE id = ?", [k1.id])).length, 0);
    });

    it("keeps read markers per workspace, member and conversation, never moving them backwards", async () => {
      const [member, other, conversationId] = [randomUUID(), randomUUID(), randomUUID()];
      const reads = store.scoped(wsA).reads;
      assert.equal(await reads.get(member, conversationId), 0);
      await reads.mark(member, conversationId, 5);
      await reads.mark(member, conversationId, 3);
      assert.equal(await reads.get(member, conversationId), 5);
      await reads.mark(member, conversationId, 9);
      assert.equal(await reads.get(member, conversationId), 9);
      assert.equal(await reads.get(other, conversationId), 0);
      assert.equal(await store.scoped(wsB).reads.get(member, conversationId), 0);
      await store.scoped(wsB).reads.mark(member, conversationId, 100);
      assert.equal(await reads.get(member, conversationId), 9);
      const raw = await t.raw.all<{ workspace_id: string; last_read_seq: unknown }>(
        "SELECT workspace_id, last_read_seq FROM conversation_reads WHERE member_id = ? ORDER BY last_read_seq",
        [member],
      );
      assert.deepEqual(
        raw.map((r) => [r.workspace_id, Number(r.last_read_seq)]),
        [
          [wsA, 9],
          [wsB, 100],
        ],
      );
      await assert.rejects(reads.mark(member, conversationId, -1));
      await assert.rejects(reads.mark(member, conversationId, 1.5));
      assert.equal(await reads.get(member, conversationId), 9);
    });

    it("keeps agent sessions per workspace, by token hash, revoked once and never un-revoked", async () => {
      const memberId = randomUUID();
      const sessions = store.scoped(wsA).sessions;
      const make = (n: number) => ({
        id: randomUUID(),
        memberId,
        tokenHash: `${n}`.padStart(64, "a"),
        userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0",
        ip: "203.0.113.0/24",
        createdAt: at("2026-06-01T10:00:00.001Z"),
        lastSeenAt: at(`2026-06-01T10:0${n}:00Z`),
        expiresAt: at("2026-06-01T22:00:00Z"),
        revokedAt: null,
      });
      const [s1, s2, s3] = [make(1), make(2), make(3)];
      for (const s of [s1, s2, s3]) await sessions.create(s);
      const [raw] = await t.raw.all<Record<string, unknown>>(
        "SELECT workspace_id, token_hash FROM member_sessions WHERE id = ?",
        [s1.id],
      );
      assert.deepEqual(raw, { workspace_id: wsA, token_hash: s1.tokenHash });
      assert.deepEqual(await sessions.findByTokenHash(s1.tokenHash), s1);
      assert.equal(await store.scoped(wsB).sessions.findByTokenHash(s1.tokenHash), null);
      assert.equal(await store.scoped(wsB).sessions.get(s1.id), null);
      assert.deepEqual(
        (await sessions.listActiveByMember(memberId)).map((s) => s.id),
        [s3.id, s2.id, s1.id],
      );
      await sessions.touch(s1.id, at("2026-06-01T10:09:00Z"));
      await sessions.touch(s1.id, at("2026-06-01T10:05:00Z"));
      assert.deepEqual((await sessions.get(s1.id))?.lastSeenAt, at("2026-06-01T10:09:00Z"));
      assert.equal(await store.scoped(wsB).sessions.revoke(s2.id, new Date()), false);
      assert.equal(await sessions.revoke(s2.id, at("2026-06-01T11:00:00Z")), true);
      assert.equal(await sessions.revoke(s2.id, at("2026-06-01T12:00:00Z")), false);
      assert.deepEqual((await sessions.get(s2.id))?.revokedAt, at("2026-06-01T11:00:00Z"));
      assert.deepEqual(await store.scoped(wsB).sessions.revokeAllOfMember(memberId, new Date()), []);
      const revoked = await sessions.revokeAllOfMember(memberId, at("2026-06-01T13:00:00Z"), {
        exceptId: s1.id,
      });
      assert.deepEqual(revoked, [s3.id]);
      assert.deepEqual(
        (await sessions.listActiveByMember(memberId)).map((s) => s.id),
        [s1.id],
      );
      await rejectsWithCode(sessions.create({ ...make(4), tokenHash: s1.tokenHash }), "resource.conflict");
      assert.equal(await sessions.deleteEndedBefore(at("2026-06-01T13:30:00Z")), 2);
      assert.equal(
        (await t.raw.all("SELECT id FROM member_sessions WHERE member_id = ?", [memberId])).length,
        1,
      );
    });

    it("consumes each recovery code once, per workspace and member", async () => {
      const memberId = randomUUID();
      const codes = store.scoped(wsA).recoveryCodes;
      await codes.replace(memberId, ["h1", "h2", "h3"]);
      assert.equal(await codes.countUnused(memberId), 3);
      assert.equal(await store.scoped(wsB).recoveryCodes.consume(memberId, "h1", new Date()), false);
      const attempts = await Promise.all([1, 2, 3].map(() => codes.consume(memberId, "h1", new Date())));
      assert.deepEqual(attempts.filter(Boolean).length, 1);
      assert.equal(await codes.consume(memberId, "nope", new Date()), false);
      assert.equal(await codes.countUnused(memberId), 2);
      await codes.replace(memberId, ["h4"]);
      assert.equal(await codes.consume(memberId, "h2", new Date()), false);
      const raw = await t.raw.all<{ code_hash: string }>(
        "SELECT code_hash FROM member_recovery_codes WHERE member_id = ?",
        [memberId],
      );
      assert.deepEqual(raw, [{ code_hash: "h4" }]);
      assert.equal(await codes.deleteAll(memberId), 1);
      assert.equal(await codes.countUnused(memberId), 0);
    });

    it("accepts each TOTP step once and only forwards, on the member's own row", async () => {
      const member = {
        id: randomUUID(),
        email: `totp-${randomUUID()}@example.com`,
        name: "Grace",
        role: "admin" as const,
        departmentIds: [],
        status: "active" as const,
        twoFactorEnabled: true,
        passwordHash: null,
        keyId: null,
        totpSecretCipher: null,
        createdAt: new Date(),
        lastSignInAt: null,
      };
      await store.scoped(wsA).members.create(member);
      const steps = store.scoped(wsA).totpSteps;
      assert.equal(await steps.lastStep(member.id), null);
      assert.equal(await store.scoped(wsB).totpSteps.claim(member.id, 100), false);
      const racing = await Promise.all([steps.claim(member.id, 100), steps.claim(member.id, 100)]);
      assert.deepEqual(racing.sort(), [false, true]);
      assert.equal(await steps.claim(member.id, 99), false);
      assert.equal(await steps.claim(member.id, 101), true);
      const [raw] = await t.raw.all<{ totp_last_step: unknown }>(
        "SELECT totp_last_step FROM members WHERE id = ?",
        [member.id],
      );
      assert.equal(Number(raw?.totp_last_step), 101);
      await steps.reset(member.id, null);
      assert.equal(await steps.lastStep(member.id), null);
      await assert.rejects(steps.claim(member.id, -1));
    });

    it("finds members by email across workspaces, and keeps sign-in throttling unscoped", async () => {
      const email = `shared-${randomUUID()}@example.com`;
      const base = {
        name: "Lin",
        role: "agent" as const,
        departmentIds: [],
        status: "active" as const,
        twoFactorEnabled: false,
        passwordHash: "$argon2id$v=19$fake",
        keyId: null,
        totpSecretCipher: null,
        lastSignInAt: null,
      };
      await store
        .scoped(wsA)
        .members.create({ ...base, id: randomUUID(), email, createdAt: at("2026-01-01T00:00:00Z") });
      await store
        .scoped(wsB)
        .members.create({ ...base, id: randomUUID(), email, createdAt: at("2026-01-02T00:00:00Z") });
      const found = await store.findMembersByEmail(` ${email.toUpperCase()} `);
      assert.deepEqual(
        found.map((m) => m.workspaceId),
        [wsA, wsB],
      );
      assert.deepEqual(await store.findMembersByEmail("nobody@example.com"), []);

      const subject = `email:${randomUUID()}`;
      const throttle = store.signInThrottle;
      assert.equal(await throttle.get(subject), null);
      const row = {
        subject,
        failures: 5,
        lockedUntil: at("2026-01-01T00:00:30Z"),
        lastFailureAt: at("2026-01-01T00:00:00Z"),
      };
      await throttle.put(row);
      await throttle.put({ ...row, failures: 6 });
      assert.deepEqual(await throttle.get(subject), { ...row, failures: 6 });
      assert.equal(await throttle.deleteStale(at("2025-12-31T00:00:00Z")), 0);
      assert.equal(await throttle.delete(subject), true);
      assert.equal(await throttle.delete(subject), false);
      await throttle.put(row);
      assert.equal(await throttle.deleteStale(at("2026-01-02T00:00:00Z")), 1);
    });

    it("reports storage conflicts without quoting the stored values", async () => {
      const id = randomUUID();
      await store.scoped(wsA).departments.create({ id, name: "Secret Dept Name", createdAt: new Date() });
      await assert.rejects(
        store.scoped(wsA).departments.create({ id, name: "Other", createdAt: new Date() }),
        (e: unknown) => {
          assert.ok(isAppError(e));
          assert.doesNotMatch(e.message, /Secret|Other|[0-9a-f]{8}-/);
          return true;
        },
      );
    });

    it("scans purge candidates in keyset order and deletes in bounded, guarded, scoped steps", async () => {
      const scope = store.scoped(wsA);
      const day = (n: number) => new Date(Date.UTC(2000, 0, n));
      const visitorIds = [randomUUID(), randomUUID(), randomUUID()];
      for (const [i, id] of visitorIds.entries()) {
        await scope.visitors.create(plainVisitor(day(i === 2 ? 1 : 2), { id, createdAt: day(1) }));
      }
      const conversationIds: string[] = [];
      for (const [i, visitorId] of [visitorIds[0], visitorIds[0], visitorIds[1]].entries()) {
        const id = randomUUID();
        conversationIds.push(id);
        await scope.conversations.create({
          id,
          siteId: randomUUID(),
          departmentId: randomUUID(),
          visitorId: visitorId ?? "",
          status: "closed",
          assigneeId: null,
          createdAt: day(1),
          lastActivityAt: day(1 + (i % 2)),
          closedAt: day(1),
          slack: null,
          zendesk: null,
        });
      }
      const [c0, c1] = conversationIds as [string, string, string];
      for (let i = 0; i < 5; i++) {
        await scope.messages.append({
          id: randomUUID(),
          conversationId: c0,
          author: { type: "system" },
          keyId: randomUUID(),
          bodyCipher: bytes(16),
          createdAt: day(1),
        });
      }
      await scope.reads.mark(randomUUID(), c0, 3);

      // Keyset pages: (time, id) order, each page after the last row of the one before.
      const before = day(3);
      const page1 = await scope.purge.listConversationsInactiveBefore(before, { limit: 2 });
      const last = page1[page1.length - 1];
      assert.ok(last);
      const page2 = await scope.purge.listConversationsInactiveBefore(before, {
        after: { at: last.lastActivityAt, id: last.id },
        limit: 2,
      });
      assert.deepEqual([...page1, ...page2].map((c) => c.id).sort(), [...conversationIds].sort());
      assert.ok(
        page1.every(
          (c, i) => i === 0 || c.lastActivityAt >= (page1[i - 1]?.lastActivityAt ?? c.lastActivityAt),
        ),
      );
      assert.deepEqual(
        await store.scoped(wsB).purge.listConversationsInactiveBefore(before, { limit: 10 }),
        [],
      );
      const visitors = await scope.purge.listVisitorsLastSeenBefore(day(2), { limit: 10 });
      assert.deepEqual(
        visitors.map((v) => v.id),
        [visitorIds[2]],
      );
      assert.equal((await scope.purge.listVisitors(visitorIds)).length, 3);
      assert.deepEqual(await store.scoped(wsB).purge.listVisitors(visitorIds), []);
      assert.equal((await scope.purge.listConversationsOfVisitors([visitorIds[0] ?? ""])).length, 2);
      assert.deepEqual(await scope.purge.countRows(conversationIds), { messages: 5, readMarkers: 1 });

      // Bounded message deletes, and only messages up to the given time.
      assert.equal(
        await scope.purge.deleteMessages([c0], { createdUpTo: new Date(day(1).getTime() - 1), limit: 2 }),
        0,
      );
      assert.equal(await store.scoped(wsB).purge.deleteMessages([c0], { createdUpTo: null, limit: 2 }), 0);
      assert.equal(await scope.purge.deleteMessages([c0, c1], { createdUpTo: day(1), limit: 2 }), 2);
      assert.equal(await scope.messages.count(c0), 3);
      // A conversation with activity since it was read stays; otherwise it goes with all it holds.
      assert.deepEqual(await scope.purge.deleteConversations([{ id: c1, lastActivityAt: day(1) }]), {
        deletedIds: [],
        messages: 0,
        readMarkers: 0,
      });
      assert.deepEqual((await store.scoped(wsB).purge.deleteConversations([{ id: c0 }])).deletedIds, []);
      assert.deepEqual(await scope.purge.deleteConversations([{ id: c0, lastActivityAt: day(1) }]), {
        deletedIds: [c0],
        messages: 3,
        readMarkers: 1,
      });
      assert.equal((await t.raw.all("SELECT id FROM messages WHERE conversation_id = ?", [c0])).length, 0);
      assert.equal(
        (await t.raw.all("SELECT member_id FROM conversation_reads WHERE conversation_id = ?", [c0])).length,
        0,
      );
      const doomed = visitorIds[2] ?? "";
      const [keyRow] = await t.raw.all<{ key_id: string }>("SELECT key_id FROM visitors WHERE id = ?", [
        doomed,
      ]);
      await store.keys.insertKey({
        workspaceId: wsA,
        id: keyRow?.key_id ?? "",
        purpose: "visitor",
        ownerId: doomed,
        kekId: "kek",
        wrapped: bytes(60),
        createdAt: day(1),
      });
      assert.equal(await store.scoped(wsB).purge.deleteVisitorKeys([keyRow?.key_id ?? ""]), 0);
      assert.equal(await scope.purge.deleteVisitorKeys([keyRow?.key_id ?? ""]), 1);
      assert.equal(await store.keys.findKey(wsA, keyRow?.key_id ?? ""), null);
      assert.equal(await store.scoped(wsB).purge.deleteVisitors([doomed]), 0);
      assert.equal(await scope.purge.deleteVisitors([doomed, randomUUID()]), 1);
      assert.equal((await t.raw.all("SELECT id FROM visitors WHERE id = ?", [doomed])).length, 0);
    });

    it("queues each plugin deletion once and leases it to one claimer until settled", async () => {
      const now = at("2030-01-01T00:00:00Z");
      const item = (subjectId: string) => ({
        id: randomUUID(),
        installationId: randomUUID(),
        kind: "delete-visitor" as const,
        subjectId,
        refs: {},
        createdAt: now,
      });
      const first = item(randomUUID());
      assert.equal(await store.scoped(wsA).outbox.enqueue([first, item(randomUUID())]), 2);
      assert.equal(await store.scoped(wsA).outbox.enqueue([{ ...first, id: randomUUID() }]), 0);
      assert.equal(await store.scoped(wsB).outbox.countPending(), 0);
      const [raw] = await t.raw.all<Record<string, unknown>>(
        "SELECT workspace_id, kind, external_refs, attempts FROM plugin_outbox WHERE id = ?",
        [first.id],
      );
      assert.deepEqual(
        { ...raw, attempts: Number(raw?.attempts) },
        { workspace_id: wsA, kind: "delete-visitor", external_refs: "{}", attempts: 0 },
      );
      const claimA = await store.outboxQueue.claim({ now, leaseMs: 1000, limit: 1, owner: "a" });
      const claimB = await store.outboxQueue.claim({ now, leaseMs: 1000, limit: 5, owner: "b" });
      assert.equal(claimA.length + claimB.length, 2);
      assert.ok(claimA.every((i) => !claimB.some((j) => j.id === i.id)));
      const mine = claimA[0];
      assert.ok(mine);
      assert.equal(await store.outboxQueue.markDelivered({ id: mine.id, owner: "b", at: now }), false);
      assert.equal(await store.outboxQueue.markDelivered({ id: mine.id, owner: "a", at: now }), true);
      const theirs = claimB[0];
      assert.ok(theirs);
      const later = new Date(now.getTime() + 60_000);
      assert.equal(
        await store.outboxQueue.markFailed({ id: theirs.id, owner: "b", nextAttemptAt: later }),
        true,
      );
      assert.deepEqual(await store.outboxQueue.claim({ now, leaseMs: 1000, limit: 5, owner: "c" }), []);
      const retry = await store.outboxQueue.claim({ now: later, leaseMs: 1000, limit: 5, owner: "c" });
      assert.deepEqual(
        retry.map((i) => [i.id, i.attempts, i.leaseOwner]),
        [[theirs.id, 1, "c"]],
      );
      assert.equal(await store.scoped(wsA).outbox.countPending(), 1);
    });

    it("grants a job lease to one owner at a time, renewable by it, free once expired or released", async () => {
      const job = `contract-${randomUUID()}`;
      const t0 = at("2030-01-01T00:00:00Z");
      const plus = (ms: number) => new Date(t0.getTime() + ms);
      assert.equal(await store.jobLeases.acquire({ job, owner: "a", now: t0, ttlMs: 1000 }), true);
      assert.equal(await store.jobLeases.acquire({ job, owner: "b", now: plus(999), ttlMs: 1000 }), false);
      assert.equal(await store.jobLeases.acquire({ job, owner: "a", now: plus(500), ttlMs: 1000 }), true);
      assert.equal(await store.jobLeases.acquire({ job, owner: "b", now: plus(1499), ttlMs: 1000 }), false);
      assert.equal(await store.jobLeases.acquire({ job, owner: "b", now: plus(1500), ttlMs: 1000 }), true);
      assert.equal(await store.jobLeases.release({ job, owner: "a", now: plus(1600) }), false);
      assert.equal(await store.jobLeases.release({ job, owner: "b", now: plus(1600) }), true);
      assert.deepEqual(await store.jobLeases.get(job), {
        job,
        owner: "b",
        acquiredAt: plus(1500),
        expiresAt: plus(1600),
        releasedAt: plus(1600),
      });
      assert.equal(await store.jobLeases.acquire({ job, owner: "a", now: plus(1601), ttlMs: 1000 }), true);
    });

    it("keeps erasure receipts per workspace, by id and by request id", async () => {
      const receipt = {
        id: randomUUID(),
        requestId: `req-${randomUUID()}`,
        source: "wordpress" as const,
        actor: { type: "system" as const, id: "erasure" },
        visitorIds: [randomUUID()],
        conversationIds: [randomUUID(), randomUUID()],
        siteIds: [randomUUID()],
        installations: [{ id: randomUUID(), platform: "wordpress" as const }],
        counts: {
          visitors: 1,
          conversations: 2,
          messages: 9,
          readMarkers: 1,
          keysDestroyed: 1,
          outboxQueued: 1,
        },
        requestedAt: at("2030-01-01T00:00:00.001Z"),
        unreadableAt: at("2030-01-01T00:00:00.002Z"),
        completedAt: at("2030-01-01T00:00:00.003Z"),
      };
      await store.scoped(wsA).erasureReceipts.create(receipt);
      assert.deepEqual(await store.scoped(wsA).erasureReceipts.get(receipt.id), receipt);
      assert.deepEqual(await store.scoped(wsA).erasureReceipts.findByRequestId(receipt.requestId), receipt);
      assert.equal(await store.scoped(wsB).erasureReceipts.get(receipt.id), null);
      assert.equal(await store.scoped(wsB).erasureReceipts.findByRequestId(receipt.requestId), null);
      assert.deepEqual(
        (await store.scoped(wsA).erasureReceipts.list()).map((r) => r.id),
        [receipt.id],
      );
      await rejectsWithCode(
        store.scoped(wsA).erasureReceipts.create({ ...receipt, id: randomUUID() }),
        "resource.conflict",
      );
      await store.scoped(wsB).erasureReceipts.create({ ...receipt, id: randomUUID() });
    });

    it("compacts without losing a row", async () => {
      const result = await store.compact();
      if (store.dialect === "sqlite") {
        assert.equal(result.isCheckpointed, true);
        assert.ok((result.totalPages ?? 0) > 0);
      }
      assert.equal((await store.workspaces.get(wsA))?.name, "Acme");
    });
  });
}
