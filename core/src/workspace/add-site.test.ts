import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createHarness, rejectsWithCode, type THarness } from "../chat/test-harness";
import { createKeyring } from "../crypto/keyring";
import { createVault } from "../crypto/vault";
import type { TMemberActor } from "../rbac/actors";
import { addSite } from "./add-site";
import { getSiteByKey } from "./get-site-by-key";
import { listSites } from "./list-sites";
import { revealSiteSecret } from "./reveal-site-secret";
import { rotateSiteSecret } from "./rotate-site-secret";
import { updateSite } from "./update-site";

describe("sites", () => {
  let h: THarness;
  let manager: TMemberActor;

  before(async () => {
    h = await createHarness();
    manager = await h.addMember("manager", [h.general.id]);
  });
  after(() => h.dispose());

  it("creates a site with a site_ + 24 base62 key and a 32-byte secret sealed under the workspace key", async () => {
    const { site, identitySecret } = await addSite(h.deps, h.admin, {
      name: "Clinic",
      allowedDomains: ["Clinic.Example.com", "clinic.example.com", "*.example.org"],
      privacyPolicyUrl: "https://clinic.example.com/privacy",
    });
    assert.match(site.siteKey, /^site_[0-9A-Za-z]{24}$/);
    assert.deepEqual(site.allowedDomains, ["clinic.example.com", "*.example.org"]);
    assert.equal(site.consentMode, "essential");
    assert.equal(Buffer.from(identitySecret, "base64url").length, 32);
    assert.ok(!("identitySecretCipher" in site));
    const row = await h.store.scoped(h.workspaceId).sites.get(site.id);
    assert.ok(row?.identitySecretCipher);
    assert.ok(!Buffer.from(row.identitySecretCipher).toString("latin1").includes(identitySecret));
    const workspaceKey = await h.store.keys.findKeyByOwner(h.workspaceId, "workspace", null);
    assert.equal(row.keyId, workspaceKey?.id);
    const audit = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(audit?.action, "site.create");
    assert.ok(!JSON.stringify(audit).includes(identitySecret));
  });

  it("draws site keys from the whole alphabet, all different", async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 40; i++)
      keys.add((await addSite(h.deps, h.admin, { name: `S${i}`, allowedDomains: [] })).site.siteKey);
    assert.equal(keys.size, 40);
    const chars = new Set([...keys].join("").replaceAll("site_", ""));
    assert.ok(chars.size > 50, `only ${chars.size} distinct characters`);
  });

  it("reveals the secret (audited) and rotates it; the old one is gone", async () => {
    const { site, identitySecret } = await addSite(h.deps, h.admin, { name: "Rotating", allowedDomains: [] });
    assert.deepEqual(await revealSiteSecret(h.deps, h.admin, { siteId: site.id }), { identitySecret });
    assert.equal((await h.store.scoped(h.workspaceId).audit.last())?.action, "site.secret.reveal");
    const rotated = await rotateSiteSecret(h.deps, h.admin, { siteId: site.id });
    assert.notEqual(rotated.identitySecret, identitySecret);
    assert.equal((await h.store.scoped(h.workspaceId).audit.last())?.action, "site.secret.rotate");
    const fresh = createVault({ keyring: createKeyring(h.masterKey), keys: h.store.keys, cacheSize: 0 });
    assert.deepEqual(await revealSiteSecret({ ...h.deps, vault: fresh }, h.admin, { siteId: site.id }), {
      identitySecret: rotated.identitySecret,
    });
    await rejectsWithCode(revealSiteSecret(h.deps, manager, { siteId: site.id }), "access.denied");
    await rejectsWithCode(revealSiteSecret(h.deps, h.admin, { siteId: randomUUID() }), "resource.not_found");
  });

  it("updates only what changed and audits the names of the changed fields", async () => {
    const { site } = await addSite(h.deps, h.admin, { name: "Shop 2", allowedDomains: ["a.example"] });
    const before = (await h.store.scoped(h.workspaceId).audit.last())?.seq;
    const same = await updateSite(h.deps, h.admin, {
      siteId: site.id,
      name: "Shop 2",
      allowedDomains: ["A.example"],
    });
    assert.deepEqual(same, site);
    assert.equal((await h.store.scoped(h.workspaceId).audit.last())?.seq, before);
    const updated = await updateSite(h.deps, h.admin, {
      siteId: site.id,
      name: "Shop 2",
      consentMode: "functional-with-consent",
      defaultDepartmentId: h.general.id,
    });
    assert.equal(updated.consentMode, "functional-with-consent");
    const audit = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(audit?.action, "site.update");
    assert.deepEqual(audit?.details.changedFields, ["consentMode", "defaultDepartmentId"]);
    await rejectsWithCode(
      updateSite(h.deps, h.admin, { siteId: site.id, defaultDepartmentId: randomUUID() }),
      "request.invalid",
    );
    await rejectsWithCode(
      updateSite(h.deps, h.admin, { siteId: site.id, privacyPolicyUrl: "javascript:alert(1)" }),
      "request.invalid",
    );
    await rejectsWithCode(updateSite(h.deps, manager, { siteId: site.id, name: "Mine" }), "access.denied");
  });

  it("lists sites without secrets and finds one by key with public fields only", async () => {
    const sites = await listSites(h.deps, h.admin);
    assert.ok(sites.length > 0);
    for (const site of sites) assert.ok(!("identitySecretCipher" in site) && !("keyId" in site));
    const site = sites[0];
    assert.ok(site);
    const found = await getSiteByKey(h.deps, site.siteKey);
    assert.deepEqual(Object.keys(found ?? {}).sort(), [
      "allowedDomains",
      "consentMode",
      "id",
      "name",
      "privacyPolicyUrl",
      "siteKey",
      "workspaceId",
    ]);
    assert.equal(await getSiteByKey(h.deps, "site_000000000000000000000000"), null);
    await rejectsWithCode(getSiteByKey(h.deps, "site_'; DROP TABLE sites;--"), "request.invalid");
    await rejectsWithCode(listSites(h.deps, manager), "access.denied");
  });
});
