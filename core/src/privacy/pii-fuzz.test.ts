import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { isAppError } from "../errors/app-error";
import { anonymizeIp } from "./anonymize-ip";
import { detectPii } from "./detect-pii";
import { maskPii } from "./mask-pii";

// The shared fuzz corpora live beside the repository (/work/shared/fuzz from core/src/privacy/).
const BLNS_PATH = fileURLToPath(new URL("../../../../shared/fuzz/blns.json", import.meta.url));

function loadNaughtyStrings(): string[] {
  assert.ok(
    existsSync(BLNS_PATH),
    `Fuzz corpus missing: expected ${BLNS_PATH} (the shared/fuzz folder next to the repository, see shared/fuzz/README.md).`,
  );
  const parsed: unknown = JSON.parse(readFileSync(BLNS_PATH, "utf8"));
  assert.ok(
    Array.isArray(parsed) && parsed.every((item) => typeof item === "string"),
    "blns.json is not an array of strings",
  );
  return parsed;
}

/** Runs all three entry points; anything thrown other than an AppError from anonymizeIp fails. */
function runAll(text: string): void {
  const matches = detectPii(text);
  const masked = maskPii(text);
  assert.deepEqual(masked.matches, matches);
  if (matches.length === 0) assert.equal(masked.text, text);
  try {
    anonymizeIp(text);
  } catch (error) {
    assert.ok(isAppError(error) && error.code === "request.invalid", `anonymizeIp threw ${String(error)}`);
  }
}

describe("privacy functions on hostile input", () => {
  it("survive every Big List of Naughty Strings entry", () => {
    const strings = loadNaughtyStrings();
    assert.ok(strings.length >= 500, `only ${strings.length} strings`);
    for (const text of strings) {
      try {
        runAll(text);
      } catch (error) {
        assert.fail(`${JSON.stringify(text).slice(0, 80)}: ${String(error)}`);
      }
    }
  });

  it("complete on 10 KB of every naughty string repeated", () => {
    for (const text of loadNaughtyStrings()) {
      if (text.length === 0) continue;
      runAll(text.repeat(Math.ceil(10_000 / text.length)).slice(0, 10_000));
    }
  });

  // Catastrophic backtracking: a regex with nested or overlapping quantifiers takes exponential or
  // quadratic time on inputs like these and would hang here. The detectors use flat regexes and
  // bounded hand-written scans, so these finish; no wall-clock bound is asserted (CI speed varies).
  it("complete on 100 KB adversarial inputs", () => {
    const inputs = [
      "1 2 3 4 5 6 7 8 9 0 ".repeat(5_000),
      "0612 34 ".repeat(12_500),
      "4111 ".repeat(20_000),
      "1234567890".repeat(10_000),
      "a@".repeat(50_000),
      `${"a".repeat(100_000)}@example`,
      `a@${"b.".repeat(50_000)}`,
      "1.".repeat(50_000),
      "1-".repeat(50_000),
      "(1) ".repeat(25_000),
      "+".repeat(50_000) + "1".repeat(50_000),
      "DE89".repeat(25_000),
      "DE89 ".repeat(20_000),
    ];
    for (const text of inputs) runAll(text);
  });
});
