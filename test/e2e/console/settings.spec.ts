import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { signedInPage } from "./browser";
import { useSeededConsole } from "./seeded-console";

describe("console actions and settings", () => {
  const suite = useSeededConsole("settings");

  test("an agent claims and closes a conversation of their department; visitor details are masked", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.hub.url, suite.seed.salesAgent.email);
    try {
      await page.goto(`/console/conversations/${suite.seed.conversations.sales}`);
      const visitor = page.getByRole("region", { name: "Visitor" });
      await visitor.getByText("v•••@•••.test").waitFor();
      await visitor.getByText("203.0.•.•").waitFor();
      assert.equal(await page.getByText("vera@example.test").count(), 0);
      // An agent may not assign (a manager's call): the control is not offered.
      assert.equal(await page.getByLabel("Assign to").count(), 0);
      await page.getByRole("button", { name: "Claim" }).click();
      await page.getByText("You have claimed this conversation.").waitFor();
      await page.getByRole("button", { name: "Close conversation" }).click();
      await page.getByText("Conversation closed.").waitFor();
      await page.reload();
      await page.getByText("This conversation is closed.").first().waitFor();
      assert.equal(await page.getByLabel("Reply").count(), 0);
    } finally {
      await context.close();
    }
  });

  test("an admin adds a department, reveals a site secret, saves a policy and invites a member; each is in the audit log", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.hub.url, suite.seed.admin.email);
    try {
      await page.goto("/console/settings/departments");
      await page.getByLabel("Name", { exact: true }).fill("Clinical");
      await page.getByRole("button", { name: "Add" }).click();
      await page.getByText("Added Clinical.").waitFor();

      await page.goto("/console/settings/sites");
      await page.getByText(`data-site="${suite.seed.siteKey}"`, { exact: false }).waitFor();
      await page.getByRole("button", { name: "Reveal the secret of Shop…" }).click();
      await page.getByRole("button", { name: "Reveal", exact: true }).click();
      await page.getByText("The identity-verification secret:").waitFor();

      await page.goto("/console/settings/policies");
      await page.getByLabel("Conversations (days after last activity)").first().fill("30");
      await page.getByRole("button", { name: "Save the workspace policy" }).click();
      await page.getByText("Policy saved.").waitFor();
      await page.goto("/console/settings/members");
      await page.getByLabel("Email").fill("new.agent@acme.test");
      await page.getByLabel("Name", { exact: true }).fill("New Agent");
      await page.getByRole("button", { name: "Invite" }).click();
      await page.getByText("New Agent was invited as agent.").waitFor();
      await page
        .getByRole("row", { name: /New Agent/ })
        .getByText("invited")
        .waitFor();

      await page.goto("/console/settings/audit");
      await page.getByText("The audit chain verifies").waitFor();
      const table = page.getByRole("table");
      for (const action of ["department.create", "site.secret.reveal", "policy.update", "member.create"]) {
        await table.getByText(action, { exact: true }).first().waitFor();
      }
    } finally {
      await context.close();
    }
  });
  // Attack: a lost or stolen laptop stays signed in. The admin's remote wipe must end that session
  // at once, not when the cookie expires.
  test("an admin signs a member out everywhere: the member's browser lands on the sign-in page", async () => {
    const agent = await signedInPage(suite.browser, suite.hub.url, suite.seed.salesAgent.email);
    const admin = await signedInPage(suite.browser, suite.hub.url, suite.seed.admin.email);
    try {
      await agent.page.goto("/console");
      assert.equal(new URL(agent.page.url()).pathname, "/console");
      await admin.page.goto("/console/settings/members");
      await admin.page.locator("summary", { hasText: suite.seed.salesAgent.name }).click();
      await admin.page
        .getByRole("button", { name: `Sign ${suite.seed.salesAgent.name} out everywhere…` })
        .click();
      await admin.page.getByRole("button", { name: "Sign out everywhere", exact: true }).click();
      await admin.page.getByText(/Signed out of [1-9]\d* sessions?\./).waitFor();
      // The admin's own session is untouched.
      await admin.page.goto("/console/settings/members");
      assert.equal(new URL(admin.page.url()).pathname, "/console/settings/members");
      await agent.page.goto("/console");
      await agent.page.waitForURL(/\/signin/);
    } finally {
      await agent.context.close();
      await admin.context.close();
    }
  });
});
