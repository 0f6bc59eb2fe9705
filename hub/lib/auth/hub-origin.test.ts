import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "@tawkster/core/errors";
import { assertSameOrigin, hubOriginsOf, isHttpsHub } from "./hub-origin";

const post = (origin: string | null, method = "POST") =>
  new Request("http://127.0.0.1:3000/api/v1/me/sessions/revoke-others", {
    method,
    headers: origin === null ? {} : { origin },
  });

describe("hub origins and assertSameOrigin", () => {
  it("names the public URL's origin, or the loopback aliases of a local hub", () => {
    assert.deepEqual(
      hubOriginsOf({ publicUrl: "https://chat.example.com/base", host: "0.0.0.0", port: 3000 }),
      ["https://chat.example.com"],
    );
    assert.deepEqual(hubOriginsOf({ publicUrl: null, host: "127.0.0.1", port: 3000 }), [
      "http://127.0.0.1:3000",
      "http://localhost:3000",
      "http://[::1]:3000",
    ]);
    assert.equal(isHttpsHub({ publicUrl: "https://chat.example.com" }), true);
    assert.equal(isHttpsHub({ publicUrl: null }), false);
  });

  // Attack: cross-site request forgery — another site's page making an agent's browser change state.
  it("refuses a state change from another origin or without an Origin header", () => {
    const origins = hubOriginsOf({ publicUrl: null, host: "127.0.0.1", port: 3000 });
    for (const origin of ["https://evil.example", "http://127.0.0.1:3001", "null", null]) {
      assert.throws(
        () => assertSameOrigin(post(origin), origins),
        (e: unknown) => isAppError(e) && e.code === "access.origin_not_allowed" && e.status === 403,
      );
    }
  });

  it("lets the hub's own pages through, and never checks reads", () => {
    const origins = hubOriginsOf({ publicUrl: null, host: "127.0.0.1", port: 3000 });
    assertSameOrigin(post("http://localhost:3000"), origins);
    assertSameOrigin(post("http://127.0.0.1:3000", "DELETE"), "http://127.0.0.1:3000");
    assertSameOrigin(post(null, "GET"), origins);
  });
});
