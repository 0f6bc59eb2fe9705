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
      // Erin's chat is open in another tab, and the inbox in a third: both must let go of it live.
      const [erinChatId] = erin.conversationIds;
      assert.ok(erinChatId);
      const chat = await context.newPage();
      await chat.goto(`/console/conversations/${erinChatId}`);
      await chat.getByRole("heading", { name: "Conversation with Erin Erase" }).waitFor();
      await chat.getByText("erin private note one").waitFor();
      await chat.getByText("Live", { exact: true }).waitFor();
      // A page that reloads loses this marker: the changes below must arrive without a reload.
      await chat.evaluate(() => Object.assign(window, { tawksterNotReloaded: true }));
      const inbox = await context.newPage();
      await inbox.goto("/console?tab=mine");
      await inbox.getByText("Live", { exact: true }).waitFor();
      const inboxRow = inbox.locator(`a[href="/console/conversations/${erinChatId}"]`);
      // The admin claims the chat: the inbox hears of it and lists it (so it is told when it goes).
      await chat.getByRole("button", { name: "Claim" }).click();
      await chat.getByText("You have claimed this conversation.").waitFor();
      await inboxRow.waitFor();

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

      // The open chat shows it deleted, with none of its messages or the visitor's name left, and
      // the inbox dropped the row; neither page was reloaded.
      await chat.getByRole("heading", { name: "Conversation deleted" }).waitFor();
      await chat.getByText(`Conversation ${erinChatId} was erased.`, { exact: false }).waitFor();
      const chatText = (await chat.locator("main").textContent()) ?? "";
      for (const body of erin.bodies) assert.ok(!chatText.includes(body), "no message left on screen");
      assert.ok(!chatText.includes("Erin"), "no visitor name left on screen");
      assert.equal(
        await chat.evaluate(() => "tawksterNotReloaded" in window),
        true,
        "the chat page was not reloaded",
      );
      await inboxRow.waitFor({ state: "detached" });
      assert.deepEqual(await seriousViolations(chat), [], "axe on a conversation deleted while open");

      const banner = await expectAudited(page, [
        "privacy.lookup",
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
