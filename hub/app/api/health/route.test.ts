import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { loadConfig } from "@tawkster/core/config";
import { setHubRuntime } from "../../../lib/runtime";
import hubPackage from "../../../package.json" with { type: "json" };
import { GET } from "./route";

const RUNTIME_KEY = Symbol.for("tawkster.hub.runtime");

function useConfig(env: Record<string, string>): void {
  const config = loadConfig(env, { cwd: "/srv/tawkster" });
  // The health route reads only the configuration; no store is opened for it.
  setHubRuntime({
    config,
    masterKeys: { current: Buffer.alloc(32), previous: [], source: "env" },
    hub: undefined as never,
  });
}

describe("GET /api/health", () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[RUNTIME_KEY];
  });

  test("answers ok with the version and the storage kind, never cached", async () => {
    useConfig({});
    const response = GET();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.deepEqual(await response.json(), { status: "ok", version: hubPackage.version, storage: "sqlite" });
  });

  test("reports postgres when the database is PostgreSQL", async () => {
    useConfig({ TAWKSTER_DATABASE_URL: "postgres://app@localhost:5432/chat" });
    assert.equal(((await GET().json()) as { storage: string }).storage, "postgres");
  });

  test("answers a 500 in the error shape when the hub was not started by server.ts", async () => {
    const response = GET();
    assert.equal(response.status, 500);
    assert.deepEqual(Object.keys(((await response.json()) as { error: object }).error).sort(), [
      "code",
      "message",
    ]);
  });
});
