import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ZErrorBody } from "@tawkster/core/errors";
import { type CookieJar, callApi } from "../../lib/auth/test-hub";
import { createTestWorkspace, type TTestWorkspace } from "./test-workspace";

// Attack: hostile input (the Big List of Naughty Strings) as the email, visitor id, receipt id and
// export id of the privacy routes, looking for a crash, a 500, an answer outside the one error
// shape, or a lookup that matches someone.
const BLNS_PATH = fileURLToPath(new URL("../../../../shared/fuzz/blns.json", import.meta.url));

function loadNaughtyStrings(): string[] {
  if (!existsSync(BLNS_PATH)) throw new Error(`The fuzz corpus is missing: expected it at ${BLNS_PATH}`);
  const parsed: unknown = JSON.parse(readFileSync(BLNS_PATH, "utf8"));
  assert.ok(Array.isArray(parsed) && parsed.every((s) => typeof s === "string"));
  return parsed as string[];
}

async function assertRefused(response: Response, what: string): Promise<number> {
  assert.ok(response.status >= 400 && response.status < 500, `${what}: answered ${response.status}`);
  assert.ok(ZErrorBody.safeParse(await response.json()).success, `${what}: not the error shape`);
  return response.status;
}

describe("fuzz: privacy routes with the Big List of Naughty Strings", () => {
  const strings = loadNaughtyStrings();
  let ws: TTestWorkspace;
  let admin: CookieJar;
  before(async () => {
    ws = await createTestWorkspace();
    admin = await ws.signIn(ws.admin);
  });
  after(async () => ws.dispose());

  it("has the whole corpus", () => {
    assert.ok(strings.length >= 500, `only ${strings.length} strings`);
  });

  it("every string as an email or visitor id to preview, erase or export is a 4xx in the error shape", async () => {
    for (const value of strings) {
      const label = JSON.stringify(value).slice(0, 40);
      const byEmail = await callApi(ws.hub, "POST", "/api/v1/privacy/erasure/preview", {
        jar: admin,
        body: { email: value },
      });
      if (byEmail.status === 200) {
        // The odd string that is a valid address matches nobody: it is only ever looked up.
        assert.deepEqual(await byEmail.json(), { visitors: [] }, `email=${label}`);
      } else {
        await assertRefused(byEmail, `preview email=${label}`);
      }
      const requests: [string, unknown][] = [
        ["/api/v1/privacy/erasure/preview", { visitorId: value }],
        ["/api/v1/privacy/export/preview", { visitorId: value }],
        ["/api/v1/privacy/erasure", { visitorIds: [value] }],
        ["/api/v1/privacy/erasure", { visitorIds: [ws.siteId], requestId: value }],
        ["/api/v1/privacy/export", { visitorId: value }],
        ["/api/v1/privacy/export/stream", { visitorId: value }],
      ];
      for (const [path, body] of requests) {
        await assertRefused(await callApi(ws.hub, "POST", path, { jar: admin, body }), `${path} ${label}`);
      }
    }
  });

  it("every string as a receipt id or export id in the path is a 4xx in the error shape", async () => {
    for (const value of strings) {
      const segment = encodeURIComponent(value);
      const label = JSON.stringify(value).slice(0, 40);
      for (const path of [
        `/api/v1/privacy/erasure/${segment}`,
        `/api/v1/privacy/erasure/${segment}?download=1`,
        `/api/v1/privacy/export/${segment}`,
        `/api/v1/privacy/export/${segment}?format=html`,
      ]) {
        await assertRefused(
          await callApi(ws.hub, "GET", path, { jar: admin }),
          `${path.slice(0, 40)} ${label}`,
        );
      }
    }
  });
});
