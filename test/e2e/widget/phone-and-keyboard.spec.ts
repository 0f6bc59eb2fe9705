// The widget for visitors on a phone and for visitors who use only a keyboard.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { spawnHub, type THub } from "../fixtures/spawn-hub";
import { DemoSitePage, launchWidgetBrowser } from "../fixtures/widget-page";
import { seedWidgetWorkspace } from "../fixtures/widget-seed";

const PHONE = { width: 360, height: 640 };

/** The accessible name of the element that has focus in the page itself (not inside the frame). */
function focusedInPage(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) return null;
    return active.getAttribute("aria-label") ?? active.getAttribute("title") ?? active.tagName;
  });
}

describe("the widget on a phone and with the keyboard alone", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-widget-phone-"));
  const dataDir = join(parent, "data");
  let hub: THub;
  let browser: Browser;

  before(async () => {
    const seed = await seedWidgetWorkspace(dataDir);
    hub = await spawnHub({ dataDir, env: seed.env });
    browser = await launchWidgetBrowser();
  });

  after(async () => {
    await browser?.close();
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  test("on a 360×640 screen the open widget fills the screen and is usable", async () => {
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true });
    try {
      const demo = new DemoSitePage(await context.newPage());
      await demo.open(hub.demoUrl);
      const { widget } = demo;
      await widget.waitUntilReady();
      const launcher = await widget.launcher().boundingBox();
      assert.ok(launcher, "the launcher is shown");
      assert.ok(launcher.x + launcher.width <= PHONE.width && launcher.y + launcher.height <= PHONE.height);
      assert.ok(launcher.width >= 44 && launcher.height >= 44, "a touch target of at least 44 px");

      await widget.launcher().tap();
      await widget.waitForSession("Demo site");
      assert.deepEqual(await widget.frameElement().boundingBox(), { x: 0, y: 0, ...PHONE }, "full screen");
      for (const part of [
        widget.composer(),
        widget.chat().getByRole("button", { name: "Send" }),
        widget.chat().getByRole("button", { name: "Close chat" }),
        widget.notice(),
      ]) {
        const box = await part.boundingBox();
        assert.ok(box, "shown");
        assert.ok(box.x >= 0 && box.y >= 0, "inside the screen");
        assert.ok(
          box.x + box.width <= PHONE.width + 0.5 && box.y + box.height <= PHONE.height + 0.5,
          "inside the screen",
        );
      }
      const scrollsSideways = await (await widget.frame()).evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth",
      );
      assert.equal(scrollsSideways, false, "nothing wider than the screen");

      await widget.composer().tap();
      await widget.composer().fill("Typed on a phone");
      await widget.chat().getByRole("button", { name: "Send" }).tap();
      await widget.waitForStored("Typed on a phone");
      await widget.chat().getByRole("button", { name: "Close chat" }).tap();
      await widget.frameElement().waitFor({ state: "hidden" });
      await widget.launcher().waitFor({ state: "visible" });
    } finally {
      await context.close();
    }
  });

  test("keyboard alone: Enter opens, type and send, Escape closes and focus returns to the launcher", async () => {
    const context = await browser.newContext();
    try {
      const demo = new DemoSitePage(await context.newPage());
      const { page, widget } = demo;
      await demo.open(hub.demoUrl);
      await widget.waitUntilReady();

      let reached = false;
      for (let i = 0; i < 30 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = (await focusedInPage(page)) === "Open chat";
      }
      assert.ok(reached, "Tab reaches the launcher");
      await page.keyboard.press("Enter");
      await widget.composer().waitFor({ state: "visible" });
      const frame = await widget.frame();
      await frame.waitForFunction("document.activeElement && document.activeElement.id === 'tw-input'");
      assert.equal(await focusedInPage(page), "Chat", "focus moved into the chat frame");

      await widget.sendByKeyboard("Only the keyboard");
      assert.equal(await widget.composer().inputValue(), "", "the composer is cleared after sending");
      await page.keyboard.press("Escape");
      await widget.frameElement().waitFor({ state: "hidden" });
      assert.equal(await focusedInPage(page), "Open chat", "focus is back on the launcher");
      assert.equal(await widget.launcher().getAttribute("aria-expanded"), "false");

      await page.keyboard.press("Enter");
      await widget.composer().waitFor({ state: "visible" });
      // The launcher is hidden while the chat is open; its state is still exposed to assistive tech.
      const hiddenLauncher = page.getByRole("button", { name: "Open chat", includeHidden: true });
      assert.equal(await hiddenLauncher.getAttribute("aria-expanded"), "true");
      await widget.log().getByText("Only the keyboard").waitFor();
    } finally {
      await context.close();
    }
  });
});
