import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { seriousViolations, signedInPage } from "../console/browser";
import { expectAudited } from "./audit-page";
import { useLifecycleHub } from "./lifecycle-hub";
import { EXPORT_CONVERSATIONS } from "./seed";

const RECORD_PROGRESS = `(() => {
  const seen = [];
  window.progressSeen = seen;
  new MutationObserver(() => {
    const bar = document.querySelector('[role="progressbar"]');
    const value = bar && bar.getAttribute("aria-valuenow");
    if (value && seen[seen.length - 1] !== value && bar.getBoundingClientRect().width > 0) seen.push(value);
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
})()`;

type TExport = {
  format: string;
  visitor: { id: string; email: string | null };
  conversations: { id: string; messages: { body: string }[] }[];
};

describe("right of access in the console", () => {
  const suite = useLifecycleHub("export");

  test("an admin exports a visitor with a progress bar that reaches 100, then downloads JSON and HTML with only that visitor's data", async () => {
    const { context, page, problems } = await signedInPage(
      suite.browser,
      suite.hub.url,
      suite.seed.admin.email,
    );
    try {
      const { xavier, yara, erin } = suite.seed;
      await page.goto("/console/privacy/export");
      await page.getByLabel("Email address or visitor id").fill(xavier.email ?? "");
      await page.getByRole("button", { name: "Find" }).click();
      const row = page.locator(`tr[data-visitor-id="${xavier.visitorId}"]`);
      await row.waitFor();
      assert.match((await row.textContent()) ?? "", new RegExp(`${EXPORT_CONVERSATIONS}`));

      // Every value the bar shows, recorded in the page as it changes (a string: tsx would wrap a
      // function with helpers that do not exist in the page).
      await page.evaluate(RECORD_PROGRESS);
      await row.getByRole("button", { name: `Export visitor ${xavier.visitorId}` }).click();
      const bar = page.getByRole("progressbar", { name: "Export progress" });
      await bar.waitFor({ state: "visible" });
      await page.locator('[role="progressbar"][aria-valuenow="100"]').waitFor({ timeout: 60_000 });
      await page.getByText(/Export ready: 200 conversations, 400 messages/).waitFor();
      const seen = (await page.evaluate("window.progressSeen")) as string[];
      assert.equal(seen.at(-1), "100", `the bar ends at 100 (saw ${seen.join(", ")})`);
      assert.ok(
        seen.some((value) => Number(value) > 0 && Number(value) < 100),
        `the bar moved while the export ran (saw ${seen.join(", ")})`,
      );
      assert.deepEqual(await seriousViolations(page), [], "axe on the export page with its progress bar");

      const [jsonDownload] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download JSON" }).click(),
      ]);
      assert.equal(jsonDownload.suggestedFilename(), `tawkster-export-${xavier.visitorId}.json`);
      const json = await readFile(await jsonDownload.path(), "utf8");
      const exported = JSON.parse(json) as TExport;
      assert.equal(exported.format, "tawkster.visitor-export");
      assert.equal(exported.visitor.id, xavier.visitorId);
      assert.equal(exported.visitor.email, xavier.email);
      assert.deepEqual(exported.conversations.map((c) => c.id).sort(), [...xavier.conversationIds].sort());
      assert.deepEqual(
        exported.conversations.flatMap((c) => c.messages.map((m) => m.body)).sort(),
        [...xavier.bodies].sort(),
      );
      for (const other of [yara, erin]) {
        for (const text of [other.visitorId, other.email ?? "", ...other.bodies]) {
          assert.ok(!json.includes(text), `nothing of another visitor (${text.slice(0, 20)})`);
        }
      }

      const [htmlDownload] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download readable page (HTML)" }).click(),
      ]);
      assert.equal(htmlDownload.suggestedFilename(), `tawkster-export-${xavier.visitorId}.html`);
      const html = await readFile(await htmlDownload.path(), "utf8");
      assert.match(html, /xavier asks question 199/);
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /yara unrelated/);

      const banner = await expectAudited(page, ["privacy.lookup", "privacy.export"]);
      // Finding Xavier was an access request's lookup, and the log says so (not an erasure's).
      await page.goto("/console/settings/audit?action=privacy.lookup");
      await page.getByRole("table").getByText("purpose: export", { exact: false }).first().waitFor();
      assert.equal(await page.getByRole("table").getByText("purpose: erasure", { exact: false }).count(), 0);
      await page.goto("/console/settings/audit?action=privacy.erase.lookup");
      await page.getByText("No events match.").waitFor();
      assert.match(banner, /none altered, missing or reordered/);
      assert.deepEqual(problems, [], "no CSP violation or page error");
    } finally {
      await context.close();
    }
  });
});
