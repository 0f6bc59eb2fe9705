import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { BrowserContext } from "playwright-core";
import { seriousViolations, signedInPage } from "../console/browser";
import { expectAudited } from "./audit-page";
import { useLifecycleHub } from "./lifecycle-hub";

/** The ids of every conversation the admin can list (all of the workspace's). */
async function listConversationIds(context: BrowserContext, hubUrl: string): Promise<Set<string>> {
  const response = await context.request.get(`${hubUrl}/api/v1/conversations?view=all&limit=1000`);
  assert.equal(response.status(), 200);
  const body = (await response.json()) as { conversations: { conversation: { id: string } }[] };
  return new Set(body.conversations.map((c) => c.conversation.id));
}

describe("retention in the console", () => {
  const suite = useLifecycleHub("retention");

  test("an admin sets a period, previews and runs a purge: exactly the due conversations go, the rest stay, all audited", async () => {
    const { context, page, problems } = await signedInPage(
      suite.browser,
      suite.hub.url,
      suite.seed.admin.email,
    );
    try {
      const { old, recent, erin, xavier, yara } = suite.seed;
      const oldIds = old.flatMap((v) => v.conversationIds).sort();
      const keptIds = [recent, [erin, xavier, yara]].flat(2).flatMap((v) => v.conversationIds);
      const before = await listConversationIds(context, suite.hub.url);
      for (const id of [...oldIds, ...keptIds]) assert.ok(before.has(id), `seeded ${id}`);

      await page.goto("/console/settings/policies");
      await page.getByLabel("Conversations (days after last activity)").first().fill("30");
      await page.getByRole("button", { name: "Save the workspace policy" }).click();
      await page.getByText("Policy saved.").waitFor();

      await page.getByRole("link", { name: "Retention", exact: true }).first().click();
      await page.waitForURL(/\/console\/settings\/retention$/);
      const inForce = page.getByRole("table", { name: /Retention, legal hold/ });
      await inForce
        .getByRole("row", { name: /Everything/ })
        .getByText("30 days")
        .waitFor();

      await page.getByRole("button", { name: "Preview" }).click();
      const preview = page.getByTestId("purge-report");
      await preview.getByText("Preview: the next purge would delete 3 conversations, 3 messages").waitFor();
      const previewed = await preview
        .locator("tr[data-conversation-id]")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-conversation-id") ?? ""));
      assert.deepEqual(previewed.sort(), oldIds);
      const billingRow = preview.locator(`tr[data-conversation-id="${old[1]?.conversationIds[0]}"]`);
      assert.match((await billingRow.textContent()) ?? "", /Billing.*Shop.*3[5-6]/);
      assert.doesNotMatch((await preview.textContent()) ?? "", /quote|invoice|follow-up/);
      assert.deepEqual(await seriousViolations(page), [], "axe on the retention page with a preview");
      // A preview deletes nothing.
      assert.equal((await listConversationIds(context, suite.hub.url)).size, before.size);

      await page.getByRole("button", { name: "Run purge now…" }).click();
      await page.getByRole("button", { name: "Purge now" }).click();
      const done = page.getByTestId("purge-report");
      await done.getByText("Purged: 3 conversations, 3 messages").waitFor();
      const purged = await done
        .locator("tr[data-conversation-id]")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-conversation-id") ?? ""));
      assert.deepEqual(purged.sort(), oldIds);

      const after = await listConversationIds(context, suite.hub.url);
      for (const id of oldIds) assert.equal(after.has(id), false, `${id} was purged`);
      for (const id of keptIds) assert.ok(after.has(id), `${id} stays`);
      assert.equal(after.size, before.size - oldIds.length);

      const banner = await expectAudited(page, ["policy.update", "retention.run"]);
      assert.match(banner, /none altered, missing or reordered/);
      assert.deepEqual(problems, [], "no CSP violation or page error");
    } finally {
      await context.close();
    }
  });
});
