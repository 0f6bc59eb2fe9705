import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_POLICY, type TResolvedPolicy } from "../retention/default-policy";
import { maskForAgents } from "./mask-for-agents";

const withMode = (mode: TResolvedPolicy["redaction"]["mode"]): TResolvedPolicy => ({
  ...DEFAULT_POLICY,
  redaction: { ...DEFAULT_POLICY.redaction, mode },
});

const messages = [{ seq: 1, body: "Write to rosalind.quixote@example-health.test please" }];

describe("maskForAgents", () => {
  it("masks PII for the agent side when the policy masks on display, leaving the input intact", () => {
    const [masked] = maskForAgents(messages, withMode("mask-on-display"));
    assert.equal(masked?.seq, 1);
    assert.ok(!masked?.body.includes("rosalind.quixote@example-health.test"), masked?.body);
    assert.ok(masked?.body.startsWith("Write to "));
    assert.equal(messages[0]?.body, "Write to rosalind.quixote@example-health.test please");
  });

  it("shows the text as stored when the policy does not mask on display", () => {
    for (const mode of ["off", "mask-before-storage"] as const) {
      assert.deepEqual(maskForAgents(messages, withMode(mode)), messages, mode);
    }
  });
});
