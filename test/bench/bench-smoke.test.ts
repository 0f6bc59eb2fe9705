// Keeps the benchmark harness from rotting: every bench runs in its tiny --smoke version and must
// exit cleanly, print its row(s) and report only finite numbers. Nothing here judges performance
// (machines are noisy; `npm run bench` reports ratios, it asserts none).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BENCHES, isPresent, runBench } from "./lib/benches";
import { assertFiniteRow, type TBenchRow } from "./lib/report";

/**
 * The relay bench measures three systems: every hub row against the bare relay has its row against
 * the durable relay of the same concurrency, and that relay really stored each message it relayed.
 */
function assertDurableRelayRows(rows: readonly TBenchRow[]): void {
  const hubRows = rows.filter((row) => / conversations/.test(row.name));
  assert.ok(hubRows.length > 0, "no hub vs bare relay row");
  for (const hubRow of hubRows) {
    const durableRow = rows.find(
      (row) => /vs durable relay/.test(row.name) && row.values.conversations === hubRow.values.conversations,
    );
    assert.ok(durableRow, `no durable relay row for ${hubRow.name}`);
    assert.ok((durableRow.values.durableThroughput ?? 0) > 0, "the durable relay delivered nothing");
    assert.equal(durableRow.values.durableStoredMessages, hubRow.values.messages);
    assert.equal(durableRow.values.hubThroughput, hubRow.values.hubThroughput);
  }
}

describe("benchmarks, smoke versions", () => {
  for (const bench of BENCHES.filter(isPresent)) {
    it(`${bench.name} runs with --smoke, prints its rows and measures finite numbers`, {
      timeout: 120_000,
    }, async () => {
      const run = await runBench(bench, { isSmoke: true, timeoutMs: 110_000 });
      assert.equal(run.code, 0, `${bench.script} --smoke failed:\n${run.stderr.slice(-3000)}`);
      assert.ok(run.rows.length > 0, `${bench.script} reported no row`);
      for (const row of run.rows) {
        assertFiniteRow(row);
        assert.ok(Object.keys(row.values).length > 0, `row "${row.name}" carries no numbers`);
        assert.match(row.reproduce, new RegExp(bench.script.replace(/[.]/g, "\\.")));
        assert.ok(run.stdout.includes(row.name.slice(0, 12)), `row "${row.name}" was not printed`);
      }
      if (bench.name === "relay") assertDurableRelayRows(run.rows);
    });
  }
});
