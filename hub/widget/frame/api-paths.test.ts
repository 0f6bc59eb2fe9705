import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WIDGET_API_PATHS, WIDGET_ORIGIN_HEADER } from "@tawkster/core/widget";
import { DEFAULT_REALTIME_LIMITS } from "../../realtime/realtime-context";
import { API_PATHS, ORIGIN_HEADER, REALTIME_MAX_FRAME_BYTES } from "./api-paths";

// The frame keeps copies (its bundle must not carry zod or node:crypto); these keep them honest.
describe("the frame's copies of the hub's constants", () => {
  it("match core's widget API paths and origin header", () => {
    assert.deepEqual(API_PATHS, WIDGET_API_PATHS);
    assert.equal(ORIGIN_HEADER, WIDGET_ORIGIN_HEADER);
  });

  it("match the realtime server's frame limit", () => {
    assert.equal(REALTIME_MAX_FRAME_BYTES, DEFAULT_REALTIME_LIMITS.maxPayloadBytes);
  });
});
