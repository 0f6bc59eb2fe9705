import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maskPii } from "./mask-pii";
import { PII_POSITIVES } from "./pii-corpus";

describe("maskPii", () => {
  it("replaces each kind with its placeholder and keeps the rest of the text", () => {
    const table: readonly (readonly [input: string, masked: string])[] = [
      ["mail ana@example.com.", "mail [email]."],
      ["call +44 20 7946 0958 now", "call [phone] now"],
      ["card 4111 1111 1111 1111 exp 12/27", "card [card] exp 12/27"],
      ["IBAN DE89 3704 0044 0532 0130 00, thanks", "IBAN [iban], thanks"],
      ["SSN 123-45-6789", "SSN [ssn]"],
      ["(415) 555-2671;a@b.io", "[phone];[email]"],
      ["émoji 👋 a@example.com 👋", "émoji 👋 [email] 👋"],
    ];
    for (const [input, masked] of table) assert.equal(maskPii(input).text, masked, input);
  });

  it("returns the input itself when nothing is found", () => {
    for (const input of ["", "hello", "order #4155552671 on 2026-11-24", "v10.4.2"]) {
      const result = maskPii(input);
      assert.equal(result.text, input);
      assert.deepEqual(result.matches, []);
    }
  });

  it("reports matches as offsets into the input", () => {
    const input = "x a@example.com y 123-45-6789";
    const { matches } = maskPii(input);
    assert.deepEqual(
      matches.map((match) => input.slice(match.start, match.end)),
      ["a@example.com", "123-45-6789"],
    );
  });

  it("leaves a kind in place when its rule is off", () => {
    const input = "a@example.com 4111 1111 1111 1111";
    assert.equal(maskPii(input, { rules: { email: false } }).text, "a@example.com [card]");
    assert.equal(maskPii(input, { rules: { card: false } }).text, "[email] 4111 1111 1111 1111");
  });

  // Partial masks ("**** 1111") leak digits that, joined with other data, identify a person.
  it("keeps no digit of a card, IBAN or SSN, and nothing of what it reports", () => {
    for (const example of PII_POSITIVES) {
      const { text: masked, matches } = maskPii(example.text);
      for (const match of matches)
        assert.ok(!masked.includes(example.text.slice(match.start, match.end)), masked);
      const sensitive = example.pii.filter(
        (item) => item.kind === "card" || item.kind === "iban" || item.kind === "ssn",
      );
      if (sensitive.length === 0) continue;
      for (const { value } of sensitive) assert.ok(!masked.includes(value), masked);
      // Every digit left must come from the text around the values (placeholders hold none).
      const around = removeAll(
        example.text,
        example.pii.map((item) => item.value),
      ).replace(/\D/g, "");
      assert.equal(masked.replace(/\D/g, ""), around, `digits kept in ${masked}`);
    }
  });
});

function removeAll(text: string, values: readonly string[]): string {
  return values.reduce((rest, value) => rest.replace(value, ""), text);
}
