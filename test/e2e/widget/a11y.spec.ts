// Accessibility of the chat frame (and of the demo page around it), checked with axe-core.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { spawnHub, type THub } from "../fixtures/spawn-hub";
import { DemoSitePage, launchWidgetBrowser } from "../fixtures/widget-page";
import { seedWidgetWorkspace } from "../fixtures/widget-seed";

/**
 * Serious or critical violations, one line each; `include` limits the check to one element. Fails
 * when axe could not look inside the chat frame (its CSP must not keep axe out unnoticed).
 */
async function seriousViolations(
  page: Page,
  options: { include?: string; isFrameOpen: boolean },
): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (options.include !== undefined) builder = builder.include(options.include);
  const results = await builder.analyze();
  if (options.isFrameOpen) {
    const hasCheckedFrame = results.passes.some((rule) => rule.nodes.some((node) => node.target.length > 1));
    assert.ok(hasCheckedFrame, "axe checked the content of the chat frame");
  }
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("accessibility of the widget", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-widget-a11y-"));
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

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 640 },
  ]) {
    test(`the open chat frame has no serious or critical axe violation (${viewport.width}×${viewport.height})`, async () => {
      const context = await browser.newContext({ viewport });
      try {
        const demo = new DemoSitePage(await context.newPage());
        await demo.open(hub.demoUrl);
        const { widget } = demo;
        await widget.waitUntilReady();
        // The closed state: the launcher on the page.
        assert.deepEqual(await seriousViolations(demo.page, { isFrameOpen: false }), []);

        await widget.launcher().click();
        await widget.waitForSession("Demo site");
        await widget.composer().fill("Checking how this reads");
        await widget.composer().press("Enter");
        await widget.waitForStored("Checking how this reads");
        const inFrame = await seriousViolations(demo.page, {
          include: 'iframe[title="Chat"]',
          isFrameOpen: true,
        });
        assert.deepEqual(inFrame, [], inFrame.join("\n"));
        const whole = await seriousViolations(demo.page, { isFrameOpen: true });
        assert.deepEqual(whole, [], whole.join("\n"));
      } finally {
        await context.close();
      }
    });
  }
});
