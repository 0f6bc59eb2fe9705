import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildFrameAncestors } from "@tawkster/core/widget";
import { buildFrameCsp, escapeHtmlAttribute, renderFrameHtml } from "./frame-html";

const input = {
  nonce: "bm9uY2Utbm9uY2Utbm9uY2U=",
  siteKey: "site_abcdefghijklmnopqrst",
  parentOrigin: "https://Shop.Example.com:443",
  hubOrigin: "https://chat.example.net",
};

describe("renderFrameHtml", () => {
  it("renders the body data attributes the frame reads, with normalized origins", () => {
    const html = renderFrameHtml(input);
    assert.match(
      html,
      /<body data-site-key="site_abcdefghijklmnopqrst" data-parent-origin="https:\/\/shop\.example\.com" data-hub-origin="https:\/\/chat\.example\.net">/,
    );
  });

  it("puts the nonce on the script and the stylesheet, and has no inline code", () => {
    const html = renderFrameHtml({ ...input, assetVersion: "abc" });
    assert.match(
      html,
      /<script src="https:\/\/chat\.example\.net\/widget\/frame\.js\?v=abc" nonce="bm9uY2Utbm9uY2Utbm9uY2U=" defer><\/script>/,
    );
    assert.match(
      html,
      /<link rel="stylesheet" href="https:\/\/chat\.example\.net\/widget\/frame\.css\?v=abc" nonce="bm9uY2Utbm9uY2Utbm9uY2U=">/,
    );
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.doesNotMatch(html, /<style|\son[a-z]+=|style=/i);
  });

  // Markup injection through a parameter (the origin comes from the URL): refused, never rendered.
  it("refuses malformed input rather than render it", () => {
    for (const bad of [
      { parentOrigin: 'https://a.test"><script>alert(1)</script>' },
      { parentOrigin: "null" },
      { siteKey: 'site_"onload="x' },
      { nonce: 'abc" onload="x' },
      { nonce: "short" },
      { hubOrigin: "javascript:alert(1)" },
    ]) {
      assert.throws(() => renderFrameHtml({ ...input, ...bad }), JSON.stringify(bad));
    }
  });

  it("escapes every attribute character that matters", () => {
    assert.equal(
      escapeHtmlAttribute(`<a href="x" title='y'>&`),
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;",
    );
  });
});

describe("buildFrameCsp", () => {
  it("allows only the nonce'd assets, the hub API and socket, and the site's origins as ancestors", () => {
    const csp = buildFrameCsp({
      nonce: input.nonce,
      hubOrigin: input.hubOrigin,
      frameAncestors: buildFrameAncestors(["shop.example.com"]),
    });
    assert.equal(
      csp,
      [
        "default-src 'none'",
        `script-src 'nonce-${input.nonce}'`,
        `style-src 'nonce-${input.nonce}'`,
        "connect-src https://chat.example.net wss://chat.example.net",
        "img-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
        "frame-ancestors https://shop.example.com",
      ].join("; "),
    );
  });

  it("refuses a frame-ancestors value that would add directives", () => {
    assert.throws(() =>
      buildFrameCsp({
        nonce: input.nonce,
        hubOrigin: input.hubOrigin,
        frameAncestors: "frame-ancestors *; script-src *",
      }),
    );
  });
});
