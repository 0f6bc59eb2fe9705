import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectPii } from "./detect-pii";
import { PII_LOOK_ALIKES, PII_POSITIVES } from "./pii-corpus";
import type { TPiiMatch } from "./pii-match";

const MIN_PRECISION = 0.98;
const MIN_RECALL = 0.98;

type TLabelledMatch = TPiiMatch & { example: number };

/** Expected matches of the corpus: each labelled value at its (unique) place in its sentence. */
function expectedMatches(): TLabelledMatch[] {
  return PII_POSITIVES.flatMap((example, index) =>
    example.pii.map(({ kind, value }) => {
      const start = example.text.indexOf(value);
      return { example: index, kind, start, end: start + value.length };
    }),
  );
}

const keyOf = (match: TLabelledMatch): string => `${match.example}:${match.kind}:${match.start}:${match.end}`;

describe("PII detection on the labelled corpus", () => {
  it("has the size the measurement needs, and each label occurs exactly once in its sentence", () => {
    assert.ok(PII_POSITIVES.length >= 200, `positives: ${PII_POSITIVES.length}`);
    assert.ok(PII_LOOK_ALIKES.length >= 200, `look-alikes: ${PII_LOOK_ALIKES.length}`);
    for (const example of PII_POSITIVES) {
      for (const { value } of example.pii) {
        assert.equal(example.text.indexOf(value), example.text.lastIndexOf(value), example.text);
        assert.notEqual(example.text.indexOf(value), -1, example.text);
      }
    }
  });

  // Counting: one item is (example, kind, start, end). A detection is a true positive only when
  // all four equal a label: a wrong kind or a span off by one character counts as both a false
  // positive and a false negative. Every detection in a look-alike sentence is a false positive.
  it(`reaches precision and recall of at least ${MIN_PRECISION} and ${MIN_RECALL}`, () => {
    const texts = [
      ...PII_POSITIVES.map((example) => example.text),
      ...PII_LOOK_ALIKES.map((item) => item.text),
    ];
    const detected = texts.flatMap((text, example) =>
      detectPii(text).map((match) => ({ ...match, example })),
    );
    const expected = expectedMatches();
    const expectedKeys = new Set(expected.map(keyOf));
    const detectedKeys = new Set(detected.map(keyOf));
    const truePositives = detected.filter((match) => expectedKeys.has(keyOf(match))).length;
    const precision = detected.length === 0 ? 1 : truePositives / detected.length;
    const recall = truePositives / expected.length;

    console.log(
      `PII detection: precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} ` +
        `(n=${texts.length} sentences, ${expected.length} labelled, ${detected.length} detected, ${truePositives} correct)`,
    );
    const describe = (match: TLabelledMatch) =>
      `${match.kind} ${JSON.stringify(texts[match.example]?.slice(match.start, match.end))} in ${JSON.stringify(texts[match.example])}`;
    const falsePositives = detected.filter((match) => !expectedKeys.has(keyOf(match))).map(describe);
    const misses = expected.filter((match) => !detectedKeys.has(keyOf(match))).map(describe);
    assert.ok(
      precision >= MIN_PRECISION,
      `precision ${precision}; false positives:\n${falsePositives.join("\n")}`,
    );
    assert.ok(recall >= MIN_RECALL, `recall ${recall}; missed:\n${misses.join("\n")}`);
  });
});
