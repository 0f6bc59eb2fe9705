import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createHarness, rejectsWithCode, type THarness } from "../chat/test-harness";
import type { TPolicySettings } from "../schemas/policy";
import { getPolicies } from "./get-policies";
import { getResolvedPolicy } from "./get-resolved-policy";
import { putPolicy } from "./put-policy";

describe("policies", () => {
  let h: THarness;

  before(async () => {
    h = await createHarness();
  });
  after(() => h.dispose());

  it("puts a layer and audits the top-level settings that changed", async () => {
    await putPolicy(
      h.deps,
      h.admin,
      { type: "workspace" },
      { retention: { conversationDays: 30 }, legalHold: false },
    );
    await putPolicy(
      h.deps,
      h.admin,
      { type: "workspace" },
      { retention: { conversationDays: 90 }, ipHandling: "none" },
    );
    const audit = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(audit?.action, "policy.update");
    assert.deepEqual(audit?.details, {
      scopeType: "workspace",
      changedKeys: ["ipHandling", "legalHold", "retention"],
    });
  });

  it("resolves department and site layers over the workspace's", async () => {
    await putPolicy(
      h.deps,
      h.admin,
      { type: "department", id: h.general.id },
      { redaction: { mode: "off" } },
    );
    await putPolicy(h.deps, h.admin, { type: "site", id: h.site.id }, { retention: { conversationDays: 7 } });
    const manager = await h.addMember("manager", [h.general.id]);
    const resolved = await getResolvedPolicy(h.deps, manager, {
      departmentId: h.general.id,
      siteId: h.site.id,
    });
    assert.equal(resolved.redaction.mode, "off");
    assert.equal(resolved.retention.conversationDays, 7);
    assert.equal(resolved.ipHandling, "none");
    assert.equal((await getPolicies(h.deps, manager)).length, 3);
  });

  it("refuses unknown settings, unknown scopes and non-admins", async () => {
    const typo = { legalHlod: true } as unknown as TPolicySettings;
    await rejectsWithCode(putPolicy(h.deps, h.admin, { type: "workspace" }, typo), "request.invalid");
    await rejectsWithCode(
      putPolicy(h.deps, h.admin, { type: "department", id: randomUUID() }, { legalHold: true }),
      "request.invalid",
    );
    const manager = await h.addMember("manager", [h.general.id]);
    await rejectsWithCode(
      putPolicy(h.deps, manager, { type: "workspace" }, { legalHold: true }),
      "access.denied",
    );
    const agent = await h.addMember("agent", [h.general.id]);
    await rejectsWithCode(getPolicies(h.deps, agent), "access.denied");
    assert.equal(
      (await h.store.scoped(h.workspaceId).policies.get({ type: "workspace" }))?.settings.legalHold,
      undefined,
    );
  });
});
