import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { signedInPage, WidgetVisitor } from "./browser";
import { useSeededConsole } from "./seeded-console";

describe("console live chat", () => {
  const suite = useSeededConsole("live");

  test("a new chat shows up in the inbox, the agent's reply is stored, and the visitor's next message arrives without a reload", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.hub.url, suite.seed.salesAgent.email);
    try {
      await page.goto("/console?tab=waiting");
      await page.getByRole("status").filter({ hasText: "Live" }).waitFor({ timeout: 15_000 });

      // A visitor starts a chat on the website (the site's default department is Sales).
      const visitor = new WidgetVisitor(suite.hub.url, suite.seed.siteKey);
      const conversationId = await visitor.startConversation();
      await visitor.send(conversationId, "Is anyone there?");
      const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Visitor" }) });
      await row.first().waitFor({ timeout: 15_000 });

      await page.goto(`/console/conversations/${conversationId}`);
      const log = page.getByRole("log", { name: "Transcript" });
      await log.getByText("Is anyone there?").waitFor();
      await page.getByRole("status").filter({ hasText: "Live" }).waitFor({ timeout: 15_000 });

      // Enter sends; Shift+Enter is a new line within the same message.
      const reply = page.getByLabel("Reply");
      await reply.fill("Hello! I am here.");
      await reply.press("Shift+Enter");
      await reply.pressSequentially("How can I help?");
      await reply.press("Enter");
      await log.getByText(/Hello! I am here\.\s+How can I help\?/).waitFor();
      await log.getByText("Sending…").waitFor({ state: "detached" });
      assert.equal(await reply.inputValue(), "");
      // Replying opened the conversation and made it the agent's.
      await page.getByText(`Assignee: ${suite.seed.salesAgent.name}`).waitFor();

      // The visitor writes again: it appears live, without a reload.
      const before = page.url();
      await visitor.send(conversationId, "I need help with my order 1234.");
      await log.getByText("I need help with my order 1234.").waitFor({ timeout: 15_000 });
      assert.equal(page.url(), before);

      // After a reload the whole conversation is there, from storage.
      await page.reload();
      await page
        .getByRole("log", { name: "Transcript" })
        .getByText("I need help with my order 1234.")
        .waitFor();
      await page
        .getByRole("log", { name: "Transcript" })
        .getByText("How can I help?", { exact: false })
        .waitFor();
    } finally {
      await context.close();
    }
  });

  test("the inbox works on a narrow screen with the keyboard alone", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.hub.url, suite.seed.salesAgent.email, {
      viewport: { width: 375, height: 740 },
    });
    try {
      await page.goto("/console?tab=waiting");
      await page.getByRole("link", { name: suite.seed.visitorNames.sales }).waitFor();
      // Tab to the conversation link and open it with Enter.
      let found = false;
      for (let i = 0; i < 40 && !found; i++) {
        await page.keyboard.press("Tab");
        found = await page.evaluate(
          (name) => document.activeElement?.textContent === name,
          suite.seed.visitorNames.sales,
        );
      }
      assert.ok(found, "the conversation link is reachable with Tab");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/console\/conversations\//);
      await page.getByRole("log", { name: "Transcript" }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the page does not scroll sideways (by ${overflow}px)`);
    } finally {
      await context.close();
    }
  });
});
