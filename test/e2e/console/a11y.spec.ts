import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { spawnHub, type THub } from "../fixtures/spawn-hub";
import { launchBrowser, seriousViolations, signedInPage } from "./browser";
import { seedConsoleData, type TSeed } from "./seed";

describe("console accessibility (axe)", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-console-a11y-"));
  let hub: THub;
  let seed: TSeed;
  let browser: Browser;

  before(async () => {
    const dataDir = join(parent, "data");
    seed = await seedConsoleData(dataDir);
    hub = await spawnHub({ dataDir, env: seed.env });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  test("no serious or critical violation (and no CSP violation) on the inbox, conversation, analytics, members, sites, policies and audit pages", async () => {
    const { context, page, problems: pageProblems } = await signedInPage(browser, hub.url, seed.admin.email);
    const pages = [
      "/console",
      `/console/conversations/${seed.conversations.sales}`,
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
