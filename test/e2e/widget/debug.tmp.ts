import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../fixtures/spawn-hub";
import { launchWidgetBrowser, WidgetOnPage } from "../fixtures/widget-page";
import { seedWidgetWorkspace } from "../fixtures/widget-seed";

const parent = mkdtempSync(join(tmpdir(), "tawkster-dbg-"));
const dataDir = join(parent, "data");
const seed = await seedWidgetWorkspace(dataDir);
const port = await findFreePort();
const demoPort = await findFreePort();
const child = spawn(process.execPath, ["--import", "tsx", "hub/server.ts"], {
  env: { ...process.env, ...seed.env, TAWKSTER_DATA_DIR: dataDir, TAWKSTER_PORT: String(port), TAWKSTER_DEMO_PORT: String(demoPort), NODE_ENV: "production" },
  stdio: ["ignore", "inherit", "inherit"],
});
const url = `http://127.0.0.1:${port}`;
const demoUrl = `http://127.0.0.1:${demoPort}`;
for (;;) {
  const r = await fetch(`${url}/api/health`).catch(() => null);
  if (r?.status === 200) break;
  await new Promise((res) => setTimeout(res, 200));
}
const browser = await launchWidgetBrowser();
const page = await browser.newPage();
page.on("console", (m) => console.log("console:", m.text()));
page.on("response", async (r) => console.log("resp", r.status(), r.url()));
page.on("requestfailed", (r) => console.log("failed", r.url(), r.failure()?.errorText));
page.on("websocket", (ws) => { console.log("ws", ws.url()); ws.on("framesent", (f) => console.log("ws>", String(f.payload).slice(0, 100))); ws.on("framereceived", (f) => console.log("ws<", String(f.payload).slice(0, 200))); });
await page.goto(demoUrl);
const w = new WidgetOnPage(page);
await w.waitUntilReady();
await page.waitForTimeout(3000);
const f = await w.frame();
console.log((await f.content()).slice(0, 3000));
await browser.close();
child.kill("SIGTERM");
