import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { signedInPage } from "./browser";
import { useSeededConsole } from "./seeded-console";

const SETTINGS_PAGES = ["members", "departments", "sites", "policies", "audit"];

describe("console access by role", () => {
  const suite = useSeededConsole("access");

  // Attack: an agent of Sales pastes the URL of a Billing conversation (a leaked link, a guessed
  // id) to read a transcript of a department they do not work in.
  test("an agent of one department gets the 404 page for another department's conversation, and the refusal is audited", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.hub.url, suite.seed.salesAgent.email);
    try {
      const response = await page.goto(`/console/conversations/${suite.seed.conversations.billing}`);
      assert.equal(response?.status(), 404);
      await page.getByRole("heading", { name: "Not found" }).waitFor();
      assert.equal(await page.getByText("My invoice is wrong.").count(), 0);
      assert.equal(await page.getByText(suite.seed.visitorNames.billing).count(), 0);
    } finally {
      await context.close();
    }

    const admin = await signedInPage(suite.browser, suite.hub.url, suite.seed.admin.email);
    try {
      await admin.page.goto(
        `/console/settings/audit?actor=${suite.seed.salesAgent.id}&action=conversation.read`,
      );
      const row = admin.page.getByRole("row").filter({ hasText: "denied" });
      await row.first().waitFor();
      assert.match((await row.first().textContent()) ?? "", /conversation\.read/);
      assert.match(
        (await row.first().textContent()) ?? "",
        new RegExp(suite.seed.conversations.billing.slice(0, 8)),
      );
    } finally {
      await admin.context.close();
    }
  });

  test("the same agent opens their own department's conversation (the refusal blocks no legitimate use)", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.hub.url, suite.seed.salesAgent.email);
    try {
      const response = await page.goto(`/console/conversations/${suite.seed.conversations.sales}`);
      assert.equal(response?.status(), 200);
      await page.getByRole("log", { name: "Transcript" }).getByText("Hello, I would like a quote.").waitFor();
      // Only their department's chat is in their inbox.
      await page.goto("/console?tab=waiting");
      const table = page.getByRole("table");
      await table.getByRole("link", { name: suite.seed.visitorNames.sales }).waitFor();
      assert.equal(await table.getByRole("link", { name: suite.seed.visitorNames.billing }).count(), 0);
    } finally {
      await context.close();
    }
  });

  test("a manager sees the conversations of both of their departments", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.hub.url, suite.seed.manager.email);
    try {
      await page.goto("/console?tab=waiting");
      const table = page.getByRole("table");
      await table.getByRole("link", { name: suite.seed.visitorNames.sales }).waitFor();
      await table.getByRole("link", { name: suite.seed.visitorNames.billing }).waitFor();
      await page.goto("/console/monitoring");
      await page.getByRole("link", { name: suite.seed.visitorNames.billing }).waitFor();
      const response = await page.goto(`/console/conversations/${suite.seed.conversations.billing}`);
      assert.equal(response?.status(), 200);
      await page.getByText("My invoice is wrong.").waitFor();
    } finally {
      await context.close();
    }
  });

  // Attack: an agent or a manager types the URL of an admin page.
  test("only an admin reaches the settings: agents and managers get the 404 page", async () => {
    for (const email of [suite.seed.salesAgent.email, suite.seed.manager.email]) {
      const { context, page } = await signedInPage(suite.browser, suite.hub.url, email);
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
    const agent = await signedInPage(suite.browser, suite.hub.url, suite.seed.salesAgent.email);
    try {
      for (const path of ["/console/monitoring", "/console/analytics"]) {
        const response = await agent.page.goto(path);
        assert.equal(response?.status(), 404, `an agent on ${path}`);
      }
    } finally {
      await agent.context.close();
    }
    const admin = await signedInPage(suite.browser, suite.hub.url, suite.seed.admin.email);
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
