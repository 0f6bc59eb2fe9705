import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seriousViolations, signedInPage } from "./browser";
import { useSeededConsole } from "./seeded-console";

describe("console accessibility (axe)", () => {
  const suite = useSeededConsole("a11y");

  test("no serious or critical violation (and no CSP violation) on the inbox, conversation, analytics, members, sites, policies and audit pages", async () => {
    const {
      context,
      page,
      problems: pageProblems,
    } = await signedInPage(suite.browser, suite.hub.url, suite.seed.admin.email);
    const pages = [
      "/console",
      `/console/conversations/${suite.seed.conversations.sales}`,
      "/console/analytics?range=30",
      "/console/monitoring",
      "/console/settings/members",
      "/console/settings/departments",
      "/console/settings/sites",
      "/console/settings/policies",
      "/console/settings/audit",
    ];
    const problems: string[] = [];
    try {
      for (const path of pages) {
        const response = await page.goto(path);
        assert.equal(response?.status(), 200, path);
        await page.locator("main h1").first().waitFor();
        for (const violation of await seriousViolations(page)) problems.push(`${path}: ${violation}`);
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(pageProblems, [], "no CSP violation or page error");
  });
});
