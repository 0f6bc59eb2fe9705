import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WIDGET_API_PATHS, WIDGET_ORIGIN_HEADER } from "@tawkster/core/widget";
import { API_PATHS, ORIGIN_HEADER } from "./api-paths";
import { readFrameConfig, toRealtimeUrl } from "./frame-config";

const dataset = {
  siteKey: "site_abcdefghijklmnopqrst",
  parentOrigin: "https://shop.example.com",
  hubOrigin: "https://chat.example.net",
};

describe("readFrameConfig", () => {
  it("reads the body data attributes", () => {
    assert.deepEqual(readFrameConfig(dataset), dataset);
  });

  it("is null when an attribute is missing or malformed", () => {
    for (const bad of [
      { siteKey: undefined },
      { parentOrigin: "*" },
      { parentOrigin: "null" },
      { parentOrigin: "https://shop.example.com/" },
      { hubOrigin: "" },
    ]) {
      assert.equal(readFrameConfig({ ...dataset, ...bad }), null, JSON.stringify(bad));
    }
  });

  it("derives the WebSocket URL from the hub origin", () => {
    assert.equal(
      toRealtimeUrl("https://chat.example.net", "/api/v1/realtime"),
      "wss://chat.example.net/api/v1/realtime",
    );
    assert.equal(
      toRealtimeUrl("http://localhost:3000", "/api/v1/realtime"),
      "ws://localhost:3000/api/v1/realtime",
    );
  });

  it("uses the same API paths and origin header as core", () => {
    assert.deepEqual(API_PATHS, WIDGET_API_PATHS);
    assert.equal(ORIGIN_HEADER, WIDGET_ORIGIN_HEADER);
  });
});
