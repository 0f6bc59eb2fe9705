import assert from "node:assert/strict";
import { test } from "node:test";
import { DELETE, GET, OPTIONS, PATCH, POST, PUT } from "./route";

test("every method on an unknown /api/* path answers a JSON 404 in the error shape", async () => {
  for (const [method, handler] of Object.entries({ GET, POST, PUT, PATCH, DELETE, OPTIONS })) {
    const response = handler();
    assert.equal(response.status, 404, method);
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.deepEqual(await response.json(), {
      error: { code: "resource.not_found", message: "There is no API route at this path." },
    });
  }
});
