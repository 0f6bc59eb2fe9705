import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ZSiteKey } from "@tawkster/core/schemas";
import {
  isSerializedOrigin,
  PROTOCOL_TAG,
  readFrameMessage,
  readIdentity,
  readParentMessage,
  SITE_KEY_PATTERN,
} from "./protocol";

const hash = "ab".repeat(32);

describe("widget postMessage protocol", () => {
  it("reads the messages the loader sends", () => {
    const init = { tag: PROTOCOL_TAG, type: "init", consent: { functional: true }, identity: null };
    assert.deepEqual(readParentMessage(init), init);
    assert.deepEqual(readParentMessage({ tag: PROTOCOL_TAG, type: "open" }), {
      tag: PROTOCOL_TAG,
      type: "open",
    });
    assert.deepEqual(
      readParentMessage({
        tag: PROTOCOL_TAG,
        type: "identify",
        identity: { email: " a@b.co ", name: " Al ", userHash: hash },
      }),
      { tag: PROTOCOL_TAG, type: "identify", identity: { email: "a@b.co", name: "Al", userHash: hash } },
    );
  });

  // A script on the page (or another widget) posting look-alike messages must not drive the chat
  // with malformed values; unknown or malformed messages are ignored as a whole.
  it("ignores messages that are not ours or are malformed", () => {
    for (const data of [
      null,
      "open",
      { type: "open" },
      { tag: "other", type: "open" },
      { tag: PROTOCOL_TAG, type: "eval", code: "alert(1)" },
      { tag: PROTOCOL_TAG, type: "consent", consent: { functional: "yes" } },
      { tag: PROTOCOL_TAG, type: "identify", identity: { email: "a@b.co", userHash: "nothex" } },
      { tag: PROTOCOL_TAG, type: "init", consent: { functional: 1 }, identity: null },
      { tag: PROTOCOL_TAG, type: "init", consent: null, identity: { email: "x" } },
    ]) {
      assert.equal(readParentMessage(data), null, JSON.stringify(data));
    }
    assert.equal(readFrameMessage({ tag: PROTOCOL_TAG, type: "open" }), null);
    assert.deepEqual(readFrameMessage({ tag: PROTOCOL_TAG, type: "ready" }), {
      tag: PROTOCOL_TAG,
      type: "ready",
    });
  });

  it("refuses identities with bad names or emails", () => {
    for (const identity of [
      { email: "no-at-sign", userHash: hash },
      { email: "a@b.co", userHash: hash, name: "line\nbreak" },
      { email: "a@b.co", userHash: hash, name: "x".repeat(121) },
      { email: "a@b.co", userHash: hash, name: 7 },
      { email: `${"a".repeat(250)}@b.co`, userHash: hash },
    ]) {
      assert.equal(readIdentity(identity), null, JSON.stringify(identity));
    }
  });

  it("uses the same site key rule as core", () => {
    for (const key of [
      "site_abcdefghijklmnopqrst",
      `site_${"A".repeat(40)}`,
      "site_short",
      "site_abc-defghijklmnopqrst",
      `site_${"A".repeat(41)}`,
    ]) {
      assert.equal(SITE_KEY_PATTERN.test(key), ZSiteKey.safeParse(key).success, key);
    }
  });

  it("recognizes serialized origins only", () => {
    assert.ok(isSerializedOrigin("https://shop.example.com"));
    assert.ok(isSerializedOrigin("http://[::1]:3000"));
    for (const value of [
      "null",
      "https://a.test/",
      "https://A.test",
      "https://a.test:8443/x",
      "javascript:x",
      5,
    ]) {
      assert.equal(isSerializedOrigin(value), false, String(value));
    }
  });
});
