import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { seriousViolations, signedInPage } from "../console/browser";
import { expectAudited } from "./audit-page";
import { useLifecycleHub } from "./lifecycle-hub";

type TReceipt = {
  id: string;
  source: string;
  visitorIds: string[];
  conversationIds: string[];
  counts: { visitors: number; conversations: number; messages: number; keysDestroyed: number };
};

describe("right to be forgotten in the console", () => {
  const suite = useLifecycleHub("erasure");

  test("an admin erases a visitor by email and downloads the receipt: counts, no content; audited and the chain verifies", async () => {
    const { context, page, problems } = await signedInPage(
      suite.browser,
      suite.hub.url,
      suite.seed.admin.email,
    );
    try {
      const { erin, yara } = suite.seed;
      await page.goto("/console/privacy/erase");
      await page.getByLabel("Email address or visitor id").fill(erin.email ?? "");
      await page.getByRole("button", { name: "Find" }).click();
      const row = page.locator(`tr[data-visitor-id="${erin.visitorId}"]`);
      await row.waitFor();
      assert.equal(await page.locator("tr[data-visitor-id]").count(), 1, "only Erin uses that email");
      const rowText = (await row.textContent()) ?? "";
      assert.match(rowText, /Verified/);
      assert.match(rowText, /Shop/);
      assert.ok(
        await row.getByRole("checkbox", { name: "Erase" }).isChecked(),
        "a verified match starts ticked",
      );
      assert.deepEqual(await seriousViolations(page), [], "axe on the erasure preview");

      await page.getByRole("button", { name: "Erase the selected visitors…" }).click();
      await page.getByText("Erase 1 visitor for good?").waitFor();
      await page.getByRole("button", { name: "Erase for good" }).click();
      await page.waitForURL(/\/console\/privacy\/receipts\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      await page.getByRole("heading", { name: "Erasure receipt" }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], "axe on the receipt page");

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download receipt (JSON)" }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^tawkster-erasure-[0-9a-f-]{36}\.json$/);
      const text = await readFile(await download.path(), "utf8");
      const receipt = JSON.parse(text) as TReceipt;
      assert.equal(receipt.source, "console");
      assert.deepEqual(receipt.visitorIds, [erin.visitorId]);
      assert.deepEqual([...receipt.conversationIds].sort(), [...erin.conversationIds].sort());
      assert.equal(receipt.counts.visitors, 1);
      assert.equal(receipt.counts.conversations, 2);
      assert.equal(receipt.counts.messages, erin.bodies.length);
      assert.equal(receipt.counts.keysDestroyed, 1);
      for (const body of erin.bodies) assert.ok(!text.includes(body), "no message text in the receipt");
      assert.ok(!text.includes(erin.email ?? "@"), "no email in the receipt");
      assert.ok(!text.includes("Erin"), "no name in the receipt");

      // She is gone; the bystander is not.
      await page.goto("/console/privacy/erase");
      await page.getByLabel("Email address or visitor id").fill(erin.email ?? "");
      await page.getByRole("button", { name: "Find" }).click();
      await page.getByText("No visitor matches.").waitFor();
      await page.getByLabel("Email address or visitor id").fill(yara.visitorId);
      await page.getByRole("button", { name: "Find" }).click();
      await page.locator(`tr[data-visitor-id="${yara.visitorId}"]`).waitFor();

      const banner = await expectAudited(page, [
        "privacy.erase.lookup",
        "privacy.erase.request",
        "privacy.erase.complete",
      ]);
      assert.match(banner, /none altered, missing or reordered/);
      assert.deepEqual(problems, [], "no CSP violation or page error");
    } finally {
      await context.close();
    }
  });
});
