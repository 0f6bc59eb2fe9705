import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { encodeAssociatedData } from "./encode-associated-data";

const part = fc.option(fc.string({ unit: "binary", maxLength: 8 }), { nil: null });

describe("encodeAssociatedData", () => {
  it("encodes different lists of parts differently (no ambiguity at part boundaries or for null)", () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.array(part, { maxLength: 6 }), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        assert.notDeepEqual(encodeAssociatedData(a), encodeAssociatedData(b));
      }),
      { numRuns: 200 },
    );
    assert.notDeepEqual(encodeAssociatedData(["ab", "c"]), encodeAssociatedData(["a", "bc"]));
    assert.notDeepEqual(encodeAssociatedData([null]), encodeAssociatedData([""]));
  });

  it("refuses lone surrogates, which UTF-8 would collapse into the same bytes", () => {
    assert.throws(() => encodeAssociatedData(["\uD800"]), { code: "internal.error" });
    assert.doesNotThrow(() => encodeAssociatedData(["😀"]));
  });

  it("keeps the byte format stored ciphertexts were bound with: tag, u32 big-endian UTF-8 length, bytes", () => {
    assert.deepEqual(
      [...encodeAssociatedData(["ab", null, "é", ""])],
      [1, 0, 0, 0, 2, 0x61, 0x62, 0, 1, 0, 0, 0, 2, 0xc3, 0xa9, 1, 0, 0, 0, 0],
    );
    assert.deepEqual([...encodeAssociatedData([])], []);
  });
});
