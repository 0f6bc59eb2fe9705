import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { spawnHub, type THub } from "../fixtures/spawn-hub";
import { launchBrowser, signedInPage } from "./browser";
import { seedConsoleData, type TSeed } from "./seed";

const SETTINGS_PAGES = ["members", "departments", "sites", "policies", "audit"];

describe("console access by role", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-console-access-"));
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

  // Attack: an agent of Sales pastes the URL of a Billing conversation (a leaked link, a guessed
  // id) to read a transcript of a department they do not work in.
  test("an agent of one department gets the 404 page for another department's conversation, and the refusal is audited", async () => {
    const { context, page } = await signedInPage(browser, hub.url, seed.salesAgent.email);
    try {
      const response = await page.goto(`/console/conversations/${seed.conversations.billing}`);
      assert.equal(response?.status(), 404);
      await page.getByRole("heading", { name: "Not found" }).waitFor();
      assert.equal(await page.getByText("My invoice is wrong.").count(), 0);
      assert.equal(await page.getByText(seed.visitorNames.billing).count(), 0);
    } finally {
      await context.close();
    }

    const admin = await signedInPage(browser, hub.url, seed.admin.email);
    try {
      await admin.page.goto(`/console/settings/audit?actor=${seed.salesAgent.id}&action=conversation.read`);
      const row = admin.page.getByRole("row").filter({ hasText: "denied" });
      await row.first().waitFor();
      assert.match((await row.first().textContent()) ?? "", /conversation\.read/);
      assert.match(
        (await row.first().textContent()) ?? "",
        new RegExp(seed.conversations.billing.slice(0, 8)),
      );
    } finally {
      await admin.context.close();
    }
  });

  test("the same agent opens their own department's conversation (the refusal blocks no legitimate use)", async () => {
    const { context, page } = await signedInPage(browser, hub.url, seed.salesAgent.email);
    try {
      const response = await page.goto(`/console/conversations/${seed.conversations.sales}`);
      assert.equal(response?.status(), 200);
      await page.getByRole("log", { name: "Transcript" }).getByText("Hello, I would like a quote.").waitFor();
      // Only their department's chat is in their inbox.
      await page.goto("/console?tab=waiting");
      const table = page.getByRole("table");
      await table.getByRole("link", { name: seed.visitorNames.sales }).waitFor();
      assert.equal(await table.getByRole("link", { name: seed.visitorNames.billing }).count(), 0);
    } finally {
      await context.close();
    }
  });

  test("a manager sees the conversations of both of their departments", async () => {
    const { context, page } = await signedInPage(browser, hub.url, seed.manager.email);
    try {
      await page.goto("/console?tab=waiting");
      const table = page.getByRole("table");
      await table.getByRole("link", { name: seed.visitorNames.sales }).waitFor();
      await table.getByRole("link", { name: seed.visitorNames.billing }).waitFor();
      await page.goto("/console/monitoring");
      await page.getByRole("link", { name: seed.visitorNames.billing }).waitFor();
      const response = await page.goto(`/console/conversations/${seed.conversations.billing}`);
      assert.equal(response?.status(), 200);
      await page.getByText("My invoice is wrong.").waitFor();
    } finally {
      await context.close();
    }
  });

  // Attack: an agent or a manager types the URL of an admin page.
  test("only an admin reaches the settings: agents and managers get the 404 page", async () => {
    for (const email of [seed.salesAgent.email, seed.manager.email]) {
      const { context, page } = await signedInPage(browser, hub.url, email);
      try {
        assert.equal(
          await page.getByRole("link", { name: "Members" }).count(),
          0,
          `${email} sees no settings link`,
        );
        for (const name of SETTINGS_PAGES) {
          const response = await page.goto(`/console/settings/${name}`);
          assert.equal(response?.status(), 404, `${email} on /console/settings/${name}`);
          await page.getByRole("heading", { name: "Not found" }).waitFor();
        }
      } finally {
        await context.close();
      }
    }
    const agent = await signedInPage(browser, hub.url, seed.salesAgent.email);
    try {
      for (const path of ["/console/monitoring", "/console/analytics"]) {
        const response = await agent.page.goto(path);
        assert.equal(response?.status(), 404, `an agent on ${path}`);
      }
    } finally {
      await agent.context.close();
    }
    const admin = await signedInPage(browser, hub.url, seed.admin.email);
    try {
      for (const name of SETTINGS_PAGES) {
        const response = await admin.page.goto(`/console/settings/${name}`);
        assert.equal(response?.status(), 200, `the admin on /console/settings/${name}`);
      }
    } finally {
      await admin.context.close();
    }
  });
});
