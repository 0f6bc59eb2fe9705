import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "../errors/app-error";
import type { TPolicy, TPolicySettings } from "../schemas/policy";
import { DEFAULT_POLICY, ZResolvedPolicy } from "./default-policy";
import { resolvePolicy } from "./resolve-policy";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const WS = id(1);
const [SALES, BILLING, SHOP, BLOG] = [id(11), id(12), id(21), id(22)];

const workspace = (settings: TPolicySettings): TPolicy => ({
  workspaceId: WS,
  scope: { type: "workspace" },
  settings,
});
const department = (deptId: string, settings: TPolicySettings): TPolicy => ({
  workspaceId: WS,
  scope: { type: "department", id: deptId },
  settings,
});
const site = (siteId: string, settings: TPolicySettings): TPolicy => ({
  workspaceId: WS,
  scope: { type: "site", id: siteId },
  settings,
});
const SALES_ON_SHOP = { departmentId: SALES, siteId: SHOP };

describe("resolvePolicy", () => {
  it("gives the built-in defaults when no policy exists", () => {
    assert.deepEqual(resolvePolicy([], { departmentId: null, siteId: null }), {
      retention: { conversationDays: null, visitorDays: null, auditDays: null },
      legalHold: false,
      redaction: {
        mode: "mask-on-display",
        rules: { email: true, phone: true, card: true, iban: true, ssn: true },
      },
      ipHandling: "anonymize",
      twoFactor: { requiredRoles: ["admin"] },
      sessions: { idleMinutes: 30, maxAgeHours: 12 },
    });
    assert.equal(ZResolvedPolicy.safeParse(DEFAULT_POLICY).success, true);
  });

  it("overrides field by field, nested fields individually, most specific last", () => {
    const resolved = resolvePolicy(
      [
        workspace({
          retention: { conversationDays: 30, visitorDays: 60, auditDays: 365 },
          redaction: { mode: "mask-before-storage" },
          sessions: { idleMinutes: 15 },
        }),
        department(SALES, { retention: { conversationDays: 90 }, redaction: { rules: { phone: false } } }),
        site(SHOP, { retention: { visitorDays: 7 }, sessions: { maxAgeHours: 8 } }),
      ],
      SALES_ON_SHOP,
    );
    assert.deepEqual(resolved.retention, { conversationDays: 90, visitorDays: 7, auditDays: 365 });
    assert.deepEqual(resolved.redaction, {
      mode: "mask-before-storage",
      rules: { email: true, phone: false, card: true, iban: true, ssn: true },
    });
    assert.deepEqual(resolved.sessions, { idleMinutes: 15, maxAgeHours: 8 });
  });

  it("lets a site override its department, whatever order the policies come in", () => {
    const policies = [
      site(SHOP, { retention: { conversationDays: 10 } }),
      department(SALES, { retention: { conversationDays: 90 } }),
      workspace({ retention: { conversationDays: 30 } }),
    ];
    assert.equal(resolvePolicy(policies, SALES_ON_SHOP).retention.conversationDays, 10);
    assert.equal(
      resolvePolicy(policies, { departmentId: SALES, siteId: BLOG }).retention.conversationDays,
      90,
    );
    assert.equal(
      resolvePolicy(policies, { departmentId: BILLING, siteId: BLOG }).retention.conversationDays,
      30,
    );
    assert.equal(
      resolvePolicy(policies, { departmentId: null, siteId: null }).retention.conversationDays,
      30,
    );
  });

  it("lets an explicit null (keep forever) override a number below it, and a number override a null", () => {
    const policies = [
      workspace({ retention: { conversationDays: 30, visitorDays: null } }),
      department(SALES, { retention: { conversationDays: null } }),
      site(SHOP, { retention: { visitorDays: 14 } }),
    ];
    const resolved = resolvePolicy(policies, SALES_ON_SHOP);
    assert.equal(resolved.retention.conversationDays, null);
    assert.equal(resolved.retention.visitorDays, 14);
  });

  it("holds when any applicable layer holds, and a narrower false does not lift it", () => {
    for (const policies of [
      [workspace({ legalHold: true }), site(SHOP, { legalHold: false })],
      [department(SALES, { legalHold: true }), site(SHOP, { legalHold: false })],
      [workspace({ legalHold: false }), site(SHOP, { legalHold: true })],
    ]) {
      assert.equal(resolvePolicy(policies, SALES_ON_SHOP).legalHold, true);
    }
    // A hold elsewhere does not apply here.
    const elsewhere = [department(BILLING, { legalHold: true }), site(BLOG, { legalHold: true })];
    assert.equal(resolvePolicy(elsewhere, SALES_ON_SHOP).legalHold, false);
  });

  it("replaces the two-factor role list as a whole", () => {
    const policies = [
      workspace({ twoFactor: { requiredRoles: ["admin", "manager", "agent"] } }),
      department(SALES, { twoFactor: { requiredRoles: ["admin", "manager"] } }),
    ];
    assert.deepEqual(resolvePolicy(policies, SALES_ON_SHOP).twoFactor, {
      requiredRoles: ["admin", "manager"],
    });
    assert.deepEqual(resolvePolicy(policies, { departmentId: null, siteId: null }).twoFactor.requiredRoles, [
      "admin",
      "manager",
      "agent",
    ]);
  });

  it("returns a fresh object every time and never changes the defaults", () => {
    const first = resolvePolicy([], SALES_ON_SHOP);
    first.retention.conversationDays = 1;
    first.redaction.rules.email = false;
    first.twoFactor.requiredRoles.push("agent");
    assert.deepEqual(resolvePolicy([], SALES_ON_SHOP), DEFAULT_POLICY);
    assert.equal(DEFAULT_POLICY.retention.conversationDays, null);
    assert.ok(Object.isFrozen(DEFAULT_POLICY.redaction.rules));
  });

  it("refuses invalid policies and policies of several workspaces", () => {
    const zeroDays = { ...workspace({}), settings: { retention: { conversationDays: 0 } } };
    assert.throws(
      () => resolvePolicy([zeroDays], SALES_ON_SHOP),
      (error) => isAppError(error) && error.code === "config.invalid",
    );
    const foreign = { ...department(SALES, { legalHold: false }), workspaceId: id(2) };
    assert.throws(
      () => resolvePolicy([workspace({}), foreign], SALES_ON_SHOP),
      (error) => isAppError(error) && error.code === "internal.error",
    );
  });
});
