import type { Page } from "playwright-core";

/**
 * Opens the audit log filtered to each action in turn and waits for it to be listed, then checks
 * the chain banner says the log verifies. Resolves with the banner's text.
 */
export async function expectAudited(page: Page, actions: readonly string[]): Promise<string> {
  for (const action of actions) {
    await page.goto(`/console/settings/audit?action=${encodeURIComponent(action)}`);
    await page.getByRole("table").getByText(action, { exact: true }).first().waitFor();
  }
  await page.goto("/console/settings/audit");
  const banner = page.getByRole("status").filter({ hasText: "The audit chain verifies" });
  await banner.waitFor();
  return (await banner.textContent()) ?? "";
}
