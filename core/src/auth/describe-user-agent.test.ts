import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeNetwork } from "./describe-network";
import { describeUserAgent } from "./describe-user-agent";

describe("describeUserAgent", () => {
  const cases: [string, string][] = [
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
      "Chrome on Linux",
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36",
      "Chrome on Linux",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "Edge on Windows",
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0",
      "Firefox on macOS",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari on iOS",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
      "Chrome on Android",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
      "Samsung Internet on Android",
    ],
    ["curl/8.5.0", "curl on unknown system"],
    ["", "Unknown browser on unknown system"],
  ];
  for (const [ua, label] of cases) {
    it(`labels ${label}`, () => assert.equal(describeUserAgent(ua), label));
  }
  it("copes with null and absurdly long input", () => {
    assert.equal(describeUserAgent(null), "Unknown browser on unknown system");
    assert.equal(describeUserAgent(`${"x".repeat(100_000)} Firefox/1`), "Unknown browser on unknown system");
  });
});

describe("describeNetwork", () => {
  it("shows the anonymized network with its prefix, never the full address", () => {
    assert.equal(describeNetwork("203.0.113.77"), "203.0.113.0/24");
    assert.equal(describeNetwork("::ffff:198.51.100.9"), "198.51.100.0/24");
    assert.equal(describeNetwork("2001:db8:abcd:12::1"), "2001:db8:abcd::/48");
    assert.equal(describeNetwork("not an ip"), null);
    assert.equal(describeNetwork(null), null);
  });
});
