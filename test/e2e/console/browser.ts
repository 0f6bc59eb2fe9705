// Browser helpers of the console suites: a sign-in through the real /signin page (the auth
// suite's page object), an axe check, and a visitor talking through the widget API.
import { AxeBuilder } from "@axe-core/playwright";
import { WIDGET_API_PATHS, WIDGET_ORIGIN_HEADER } from "@tawkster/core/widget";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { SignInPage } from "../fixtures/auth-pages";
import { PASSWORD, SITE_ORIGIN } from "./seed";

export { launchBrowser } from "../fixtures/browser";

/**
 * A fresh browser context (one "device") signed in as `email` through /signin; resolves on the
 * console. `problems` collects Content-Security-Policy violations and page errors, which the
 * console must never cause.
 */
export async function signedInPage(
  browser: Browser,
  hubUrl: string,
  email: string,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    baseURL: hubUrl,
    ...(options.viewport && { viewport: options.viewport }),
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy|Refused to (execute|load|apply)/i.test(message.text())) {
      problems.push(`${page.url()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: page error: ${error.message}`));
  const signIn = new SignInPage(page);
  await signIn.open(hubUrl);
  await signIn.enterPassword(email, PASSWORD);
  await page.waitForURL(/\/console(\?|$)/, { timeout: 30_000 });
  return { context, page, problems };
}

/** Serious or critical axe violations of the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** A visitor in the widget, talking to the hub's widget API as the chat frame does. */
export class WidgetVisitor {
  private token = "";

  constructor(
    private readonly hubUrl: string,
    private readonly siteKey: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, withToken = true): Promise<T> {
    const response = await fetch(`${this.hubUrl}${path}`, {
      method,
      headers: {
        Origin: this.hubUrl,
        [WIDGET_ORIGIN_HEADER]: SITE_ORIGIN,
        "Content-Type": "application/json",
        ...(withToken && { Authorization: `Bearer ${this.token}` }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** Opens a session and a new conversation; resolves with its id. */
  async startConversation(): Promise<string> {
    const session = await this.call<{ visitorToken: string }>(
      "POST",
      WIDGET_API_PATHS.session,
      { siteKey: this.siteKey },
      false,
    );
    this.token = session.visitorToken;
    const started = await this.call<{ conversation: { id: string } }>(
      "POST",
      WIDGET_API_PATHS.conversations,
      {},
    );
    return started.conversation.id;
  }

  /** Sends a message; resolves once the hub stored it. */
  async send(conversationId: string, body: string): Promise<void> {
    await this.call("POST", WIDGET_API_PATHS.messages, {
      conversationId,
      body,
      clientMessageId: crypto.randomUUID(),
    });
  }
}
