import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openSqliteStore } from "@tawkster/core/store/sqlite";
import { runTawkster } from "../fixtures/run-cli";
import { seedLifecycleData, type TLifecycleSeed } from "./seed";

const tawkster = runTawkster;

/** The conversation ids a purge report lists. */
function listedConversations(stdout: string): string[] {
  return [...stdout.matchAll(/^ {2}conversation ([0-9a-f-]{36}) /gm)].map((m) => m[1] ?? "").sort();
}

describe("tawkster purge, erase and export", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-lifecycle-cli-"));
  const dataDir = join(parent, "data");
  let seed: TLifecycleSeed;
  const run = (args: string[], stdin?: string) =>
    tawkster(args, { dataDir, env: seed.env, ...(stdin !== undefined && { stdin }) });
  before(async () => {
    seed = await seedLifecycleData(dataDir, { retentionDays: 30 });
  });
  after(() => rmSync(parent, { recursive: true, force: true }));

  it("purge --dry-run prints what would go (ids, department, site, age) and changes nothing", async () => {
    const oldIds = seed.old.flatMap((v) => v.conversationIds).sort();
    for (let i = 0; i < 2; i++) {
      const dry = await run(["purge", "--dry-run"]);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /^Dry run as of .*Nothing was changed\./);
      assert.deepEqual(listedConversations(dry.stdout), oldIds, "the same both times: nothing was deleted");
      assert.match(
        dry.stdout,
        new RegExp(`conversation ${seed.old[1]?.conversationIds[0]}  Billing · Shop · 3[5-6] day`),
      );
      assert.match(dry.stdout, /Would delete in total: 3 conversation\(s\), 0 visitor\(s\), 3 message\(s\)/);
      assert.doesNotMatch(dry.stdout, /quote|invoice|follow-up/);
    }
    const scoped = await run(["purge", "--dry-run", "--workspace", seed.workspaceId]);
    assert.deepEqual(listedConversations(scoped.stdout), oldIds);
    const unknown = await run(["purge", "--dry-run", "--workspace", "00000000-0000-4000-8000-000000000000"]);
    assert.equal(unknown.code, 1);
    assert.equal(
      unknown.stderr.trim(),
      "tawkster purge: no workspace has the id 00000000-0000-4000-8000-000000000000",
    );
  });

  it("erase asks first: without yes nothing is erased; with --yes the visitor goes and a receipt id is printed", async () => {
    const email = seed.erin.email ?? "";
    const refused = await run(["erase", "--email", email]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stdout,
      new RegExp(
        `1 visitor\\(s\\) match:\\n {2}erase {2}${seed.erin.visitorId} {2}Shop · verified · 2 conversation\\(s\\), 3 message\\(s\\)`,
      ),
    );
    assert.match(refused.stderr, /not confirmed; nothing was erased/);
    const stillThere = await run(["export", "--visitor", seed.erin.visitorId]);
    assert.equal(stillThere.code, 0, stillThere.stderr);

    const erased = await run(["erase", "--email", email, "--yes"]);
    assert.equal(erased.code, 0, erased.stderr);
    assert.match(
      erased.stdout,
      /Erased 1 visitor\(s\): 2 conversation\(s\), 3 message\(s\); 1 key\(s\) destroyed/,
    );
    assert.match(erased.stdout, /^Receipt: [0-9a-f-]{36} \(unreadable at /m);
    for (const body of seed.erin.bodies) assert.ok(!erased.stdout.includes(body));
    const gone = await run(["export", "--visitor", seed.erin.visitorId]);
    assert.equal(gone.code, 1);
    const again = await run(["erase", "--email", email, "--yes"]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim(), "tawkster erase: no visitor matches");
  });

  it("purge deletes what the dry run listed, export writes a private file, and the audit chain verifies", async () => {
    const purged = await run(["purge"]);
    assert.equal(purged.code, 0, purged.stderr);
    assert.match(purged.stdout, /completed\./);
    assert.deepEqual(listedConversations(purged.stdout), seed.old.flatMap((v) => v.conversationIds).sort());
    const after = await run(["purge", "--dry-run"]);
    assert.deepEqual(listedConversations(after.stdout), []);

    const out = join(parent, "yara.html");
    const exported = await run([
      "export",
      "--email",
      seed.yara.email ?? "",
      "--format",
      "html",
      "--out",
      out,
    ]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /Exported 1 conversation\(s\) and 1 message\(s\) of visitor/);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const html = readFileSync(out, "utf8");
    assert.match(html, /yara unrelated words/);
    assert.doesNotMatch(html, /<script/i);
    const twice = await run(["export", "--visitor", seed.yara.visitorId, "--out", out]);
    assert.equal(twice.code, 1, "never overwrites a file");

    // Finding Yara by email for her export is on record as a lookup for an export, while Erin's
    // lookups (above) were for an erasure; neither names the email.
    const store = await openSqliteStore(join(dataDir, "tawkster.db"));
    try {
      const lookups = (await store.scoped(seed.workspaceId).audit.list({ limit: 1000 })).filter((e) =>
        e.action.includes("lookup"),
      );
      assert.deepEqual(
        lookups.map((e) => [e.action, e.details.purpose, e.details.via]),
        [
          ["privacy.lookup", "erasure", "cli"],
          ["privacy.lookup", "erasure", "cli"],
          ["privacy.lookup", "erasure", "cli"],
          ["privacy.lookup", "export", "cli"],
        ],
      );
      assert.deepEqual(lookups.at(-1)?.details.visitorIds, [seed.yara.visitorId]);
      assert.doesNotMatch(JSON.stringify(lookups), /@example\.test/);
    } finally {
      await store.close();
    }

    const verified = await run(["audit", "verify"]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /^audit chain verified: \d+ events/);
  });
});
