import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { openSealedVisitor } from "../store/sealed-records";
import { addSite } from "../workspace/add-site";
import { resolveVisitor, type TResolveVisitorInput } from "./resolve-visitor";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";

describe("resolveVisitor", () => {
  let h: THarness;
  let base: TResolveVisitorInput;

  before(async () => {
    h = await createHarness();
    base = { site: h.site, visitorId: null, identity: null, ip: "198.51.100.23", consentFunctional: false };
  });
  after(() => h.dispose());

  const rowOf = async (id: string) => {
    const row = await h.store.scoped(h.workspaceId).visitors.get(id);
    assert.ok(row);
    return row;
  };

  it("creates a visitor with sealed PII and an anonymized IP, audited without PII", async () => {
    const { visitor, actor, created } = await resolveVisitor(h.deps, {
      ...base,
      identity: { email: " Nora@Example.test ", name: "Nora North", verified: false },
    });
    assert.equal(created, true);
    assert.deepEqual(actor, {
      type: "visitor",
      workspaceId: h.workspaceId,
      visitorId: visitor.id,
      siteId: h.site.id,
    });
    assert.deepEqual(
      [visitor.email, visitor.name, visitor.ip],
      ["Nora@Example.test", "Nora North", "198.51.100.0"],
    );
    const row = await rowOf(visitor.id);
    assert.ok(row.emailCipher && !Buffer.from(row.emailCipher).toString("latin1").includes("Nora"));
    assert.equal((await openSealedVisitor(h.vault, h.workspaceId, row)).ip, "198.51.100.0");
    const audit = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(audit?.action, "visitor.create");
    assert.ok(!JSON.stringify(audit).includes("Nora"));
  });

  it("keeps no IP at all when the site's policy says none, and none for a value that is not an IP", async () => {
    const { site } = await addSite(h.deps, h.admin, { name: "No IPs", allowedDomains: ["noip.test"] });
    await h.store.scoped(h.workspaceId).policies.put({ type: "site", id: site.id }, { ipHandling: "none" });
    const siteRow = await h.store.scoped(h.workspaceId).sites.get(site.id);
    assert.ok(siteRow);
    const none = await resolveVisitor(h.deps, { ...base, site: siteRow });
    assert.equal(none.visitor.ip, null);
    assert.equal((await rowOf(none.visitor.id)).ipCipher, null);
    const garbage = await resolveVisitor(h.deps, { ...base, ip: "not-an-ip, 10.0.0.1" });
    assert.equal(garbage.visitor.ip, null);
  });

  it("continues a visitor of the same site and refreshes last seen, consent (audited) and IP", async () => {
    let now = new Date("2026-06-01T00:00:00Z");
    const deps = { ...h.deps, now: () => now };
    const first = await resolveVisitor(deps, base);
    now = new Date("2026-06-02T00:00:00Z");
    const again = await resolveVisitor(deps, {
      ...base,
      visitorId: first.visitor.id,
      consentFunctional: true,
      ip: "2001:db8:abcd:1234::1",
    });
    assert.equal(again.created, false);
    assert.equal(again.visitor.id, first.visitor.id);
    assert.deepEqual(again.visitor.lastSeenAt, now);
    assert.deepEqual(again.visitor.consent, { functional: true, updatedAt: now });
    assert.equal(again.visitor.ip, "2001:db8:abcd::");
    const row = await rowOf(first.visitor.id);
    assert.deepEqual(row.lastSeenAt, now);
    assert.equal(row.consentFunctional, true);
    assert.equal((await h.store.scoped(h.workspaceId).audit.last())?.action, "visitor.consent");
  });

  it("starts a new visitor for an unknown, malformed or other site's visitor id", async () => {
    const { site } = await addSite(h.deps, h.admin, { name: "Other", allowedDomains: ["other.test"] });
    const otherSite = await h.store.scoped(h.workspaceId).sites.get(site.id);
    assert.ok(otherSite);
    const elsewhere = await resolveVisitor(h.deps, { ...base, site: otherSite });
    for (const visitorId of [randomUUID(), "garbage", elsewhere.visitor.id]) {
      const result = await resolveVisitor(h.deps, { ...base, visitorId });
      assert.equal(result.created, true);
      assert.notEqual(result.visitor.id, elsewhere.visitor.id);
    }
  });

  // Attack: on a shared computer, the next person (signed out, or signed in as someone else, or
  // merely claiming the first person's email) continues the first person's visitor and reads their
  // conversations.
  it("continues a verified visitor only for the same verified identity", async () => {
    const alice = { email: "alice@example.test", name: "Alice", verified: true };
    const first = await resolveVisitor(h.deps, { ...base, identity: alice });
    for (const identity of [
      null,
      { ...alice, verified: false },
      { email: "bob@example.test", name: "Bob", verified: true },
    ]) {
      const next = await resolveVisitor(h.deps, { ...base, visitorId: first.visitor.id, identity });
      assert.equal(next.created, true);
      assert.notEqual(next.visitor.id, first.visitor.id);
    }
    const same = await resolveVisitor(h.deps, {
      ...base,
      visitorId: first.visitor.id,
      identity: { email: "ALICE@example.test", name: "Alice A.", verified: true },
    });
    assert.equal(same.created, false);
    assert.equal(same.visitor.name, "Alice A.");
    assert.equal((await h.store.scoped(h.workspaceId).audit.last())?.action, "visitor.identify");
  });

  it("lets an anonymous visitor sign in: their identity is attached and verified", async () => {
    const anonymous = await resolveVisitor(h.deps, base);
    const signedIn = await resolveVisitor(h.deps, {
      ...base,
      visitorId: anonymous.visitor.id,
      identity: { email: "carol@example.test", name: null, verified: true },
    });
    assert.equal(signedIn.visitor.id, anonymous.visitor.id);
    assert.equal(signedIn.visitor.identityVerified, true);
    assert.equal((await rowOf(anonymous.visitor.id)).identityVerified, true);
    assert.equal(
      (await rowOf(anonymous.visitor.id)).emailIndex,
      await h.vault.blindIndex(h.workspaceId, "email", "carol@example.test"),
    );
  });

  it("refuses malformed input with request.invalid and an unknown site with not_found", async () => {
    await rejectsWithCode(
      resolveVisitor(h.deps, { ...base, identity: { email: "not an email", name: null, verified: false } }),
      "request.invalid",
    );
    await rejectsWithCode(
      resolveVisitor(h.deps, {
        ...base,
        identity: { email: "a@b.test", name: "bad\u0000name", verified: false },
      }),
      "request.invalid",
    );
    await rejectsWithCode(
      resolveVisitor(h.deps, { ...base, site: { id: randomUUID(), workspaceId: h.workspaceId } }),
      "resource.not_found",
    );
  });
});
