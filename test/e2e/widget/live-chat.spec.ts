// The headline: a visitor on a website chats with an agent signed in to the console. Each sees
// the other's messages live, and the transcript survives a restart of the hub.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { listMessages } from "@tawkster/core/chat";
import { WIDGET_API_PATHS } from "@tawkster/core/widget";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { SignInPage } from "../fixtures/auth-pages";
import { spawnHub, type THub } from "../fixtures/spawn-hub";
import { DemoSitePage, launchWidgetBrowser } from "../fixtures/widget-page";
import { openWidgetData, seedWidgetWorkspace, type TWidgetSeed, WIDGET_ADMIN } from "../fixtures/widget-seed";

async function signInAgent(
  browser: Browser,
  hubUrl: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: hubUrl });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.open(hubUrl);
  await signIn.enterPassword(WIDGET_ADMIN.email, WIDGET_ADMIN.password);
  await page.waitForURL(/\/console(\?|$)/, { timeout: 30_000 });
  return { context, page };
}

/** The message bodies a page sent as realtime `send` frames, and as POSTs to the messages API. */
function recordMessageSends(page: Page): { socket: string[]; http: string[] } {
  const sends = { socket: [] as string[], http: [] as string[] };
  const bodyOf = (json: string | null | undefined) => {
    try {
      const value: unknown = JSON.parse(json ?? "");
      return typeof value === "object" && value !== null ? (value as { type?: unknown; body?: unknown }) : {};
    } catch {
      return {};
    }
  };
  page.on("websocket", (socket) => {
    if (!socket.url().endsWith(WIDGET_API_PATHS.realtime)) return;
    socket.on("framesent", ({ payload }) => {
      const frame = bodyOf(String(payload));
      if (frame.type === "send" && typeof frame.body === "string") sends.socket.push(frame.body);
    });
  });
  page.on("request", (request) => {
    if (request.method() !== "POST" || new URL(request.url()).pathname !== WIDGET_API_PATHS.messages) return;
    const { body } = bodyOf(request.postData());
    if (typeof body === "string") sends.http.push(body);
  });
  return sends;
}

function transcript(page: Page) {
  return page.getByRole("log", { name: "Transcript" });
}

describe("live chat between a visitor on a website and an agent in the console", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-widget-live-"));
  const dataDir = join(parent, "data");
  let seed: TWidgetSeed;
  let hub: THub | undefined;
  let browser: Browser;

  before(async () => {
    seed = await seedWidgetWorkspace(dataDir);
    hub = await spawnHub({ dataDir, env: seed.env });
    browser = await launchWidgetBrowser();
  });

  after(async () => {
    await browser?.close();
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  test("each sees the other's messages live, and the transcript is intact after a restart", async () => {
    assert.ok(hub);
    const first = hub;
    const agent = await signInAgent(browser, first.url);
    const visitorContext = await browser.newContext();
    let conversationId: string;
    try {
      await agent.page.goto("/console?tab=waiting");
      await agent.page.getByRole("status").filter({ hasText: "Live" }).waitFor({ timeout: 15_000 });

      // The visitor opens the chat on the website and writes.
      const visitorPage = await visitorContext.newPage();
      const sentOver = recordMessageSends(visitorPage);
      const demo = new DemoSitePage(visitorPage);
      await demo.open(first.demoUrl);
      const { widget } = demo;
      await widget.waitUntilReady();
      await widget.openWithKeyboard();
      await widget.sendByKeyboard("Hi, I need help with my booking.");

      // The agent's inbox shows the new chat without a reload.
      const inboxUrl = agent.page.url();
      const row = agent.page
        .getByRole("row")
        .filter({ has: agent.page.getByRole("link", { name: "Visitor" }) });
      await row.first().waitFor({ timeout: 15_000 });
      assert.equal(agent.page.url(), inboxUrl);
      await row.first().getByRole("link", { name: "Visitor" }).click();
      await agent.page.waitForURL(/\/console\/conversations\//);
      conversationId = new URL(agent.page.url()).pathname.split("/").at(-1) ?? "";
      await transcript(agent.page).getByText("Hi, I need help with my booking.").waitFor();
      await agent.page.getByRole("status").filter({ hasText: "Live" }).waitFor({ timeout: 15_000 });

      // The agent answers; the visitor sees it live, under the agent's name.
      const reply = agent.page.getByLabel("Reply");
      await reply.fill("Hello, this is Ada. Which booking is it?");
      await reply.press("Enter");
      const answer = widget.log().locator(".tw-msg", { hasText: "Hello, this is Ada. Which booking is it?" });
      await answer.waitFor({ timeout: 15_000 });
      assert.match((await answer.textContent()) ?? "", /Ada Admin/);

      // The visitor writes again; the agent sees it live.
      await widget.composer().fill("Booking 4711, for Friday.");
      await widget.composer().press("Enter");
      await widget.waitForStored("Booking 4711, for Friday.");
      await transcript(agent.page).getByText("Booking 4711, for Friday.").waitFor({ timeout: 15_000 });
      // With the live connection up, the message went over it, not as an HTTP request of its own.
      assert.ok(sentOver.socket.includes("Booking 4711, for Friday."), "sent over the realtime socket");
      assert.equal(sentOver.http.includes("Booking 4711, for Friday."), false, "no POST for it");
    } finally {
      await agent.context.close();
      await visitorContext.close();
    }

    // The hub restarts on the same data directory.
    const stopped = await first.stop();
    assert.equal(stopped.code, 0, "a clean shutdown");
    hub = undefined;
    hub = await spawnHub({ dataDir, env: seed.env });
    const again = await signInAgent(browser, hub.url);
    try {
      await again.page.goto(`/console/conversations/${conversationId}`);
      const log = transcript(again.page);
      for (const text of [
        "Hi, I need help with my booking.",
        "Hello, this is Ada. Which booking is it?",
        "Booking 4711, for Friday.",
      ]) {
        await log.getByText(text).waitFor({ timeout: 15_000 });
      }
    } finally {
      await again.context.close();
    }
    const data = await openWidgetData(dataDir, seed);
    try {
      const { messages } = await listMessages(data.deps, data.admin, { conversationId });
      assert.deepEqual(
        messages.map((m) => [m.author.type, m.body]),
        [
          ["visitor", "Hi, I need help with my booking."],
          ["member", "Hello, this is Ada. Which booking is it?"],
          ["visitor", "Booking 4711, for Friday."],
        ],
      );
    } finally {
      await data.close();
    }
  });
});
