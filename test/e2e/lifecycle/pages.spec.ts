import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { seriousViolations, signedInPage } from "../console/browser";
import { useLifecycleHub } from "./lifecycle-hub";

describe("data lifecycle pages: navigation, access review, compliance report, accessibility", () => {
  const suite = useLifecycleHub("pages");

  test("the admin's navigation lists every new page, and none has a serious or critical axe violation", async () => {
    const { context, page, problems } = await signedInPage(
      suite.browser,
      suite.hub.url,
      suite.seed.admin.email,
    );
    const found: string[] = [];
    try {
      const nav = page.getByRole("navigation", { name: "Console" });
      for (const name of [
        "Retention",
        "Access review",
        "Compliance report",
        "Erase a visitor",
        "Export a visitor",
      ]) {
        await nav.getByRole("link", { name, exact: true }).waitFor();
      }
      for (const path of [
        "/console/privacy",
        "/console/privacy/erase",
        "/console/privacy/export",
        "/console/settings/retention",
        "/console/settings/access-review",
        "/console/settings/compliance",
        "/console/settings/policies",
      ]) {
        const response = await page.goto(path);
        assert.equal(response?.status(), 200, path);
        await page.locator("main h1").first().waitFor();
        for (const violation of await seriousViolations(page)) found.push(`${path}: ${violation}`);
      }
      const missing = await page.goto("/console/privacy/receipts/00000000-0000-4000-8000-000000000000");
      assert.equal(missing?.status(), 404, "an unknown receipt is not found");
    } finally {
      await context.close();
    }
    assert.deepEqual(found, []);
    assert.deepEqual(problems, [], "no CSP violation or page error");
  });

  test("the access review flags members without 2FA and downloads as CSV", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.hub.url, suite.seed.admin.email);
    try {
      await page.goto("/console/settings/access-review");
      const row = page.getByRole("row", { name: /Ada Admin/ });
      await row.getByText("No two-factor").waitFor();
      assert.match((await row.textContent()) ?? "", /admin/);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download CSV" }).click(),
      ]);
      const csv = await readFile(await download.path(), "utf8");
      const [header, ...rows] = csv.trimEnd().split("\r\n");
      assert.equal(
        header,
        "Name,Email,Role,Departments,Status,Two-factor,Last sign-in,Active sessions,Flags",
      );
      assert.equal(rows.length, 1);
      assert.match(rows[0] ?? "", /^Ada Admin,ada\.admin@acme\.test,admin,.*,active,no,.*,no-2fa/);
    } finally {
      await context.close();
    }
  });

  test("the compliance report shows each item met or needing attention, says it does not certify, and prints without the console frame", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.hub.url, suite.seed.admin.email);
    try {
      await page.goto("/console/settings/compliance");
      await page.getByText("It documents; it does not claim certification.").waitFor();
      assert.ok((await page.getByText("Needs attention", { exact: true }).count()) > 0);
      assert.ok((await page.getByText("Met", { exact: true }).count()) > 0);
      await page
        .locator('[data-item-id="hipaa.d.2fa"]')
        .getByText(/^Fix: /)
        .waitFor();
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.getByRole("navigation", { name: "Console" }).isVisible(), false);
      assert.equal(await page.getByRole("button", { name: "Print" }).isVisible(), false);
      assert.ok(await page.getByRole("heading", { name: "Compliance report" }).isVisible());
    } finally {
      await context.close();
    }
  });
});
