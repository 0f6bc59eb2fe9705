import { performance } from "node:perf_hooks";
import { openBenchHub, sampleCiphertexts, sampleWrappedKey, seedBulk, percentile } from "./lifecycle-seed";
const hub = await openBenchHub();
const c = await sampleCiphertexts(hub, 256);
const { conversationIds } = seedBulk(hub, { visitors: 1000, messagesPerConversation: 100, at: new Date(0), ciphertexts: c, key: sampleWrappedKey(hub) });
await hub.store.compact();
const chunk = Number(process.argv[2] ?? 200);
const del = hub.raw.prepare(`DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE workspace_id = ? AND conversation_id IN (${conversationIds.slice(0, 10).map(() => "?").join(",")}) LIMIT ?)`);
const exec: number[] = [], commit: number[] = [], walSizes: number[] = [];
for (let b = 0; b < 100; b++) {
  const ids = conversationIds.slice(b * 10, b * 10 + 10);
  for (;;) {
    hub.raw.exec("BEGIN IMMEDIATE");
    let t = performance.now();
    const n = del.run(hub.workspaceId, ...ids, chunk).changes;
    exec.push(performance.now() - t);
    t = performance.now();
    hub.raw.exec("COMMIT");
    commit.push(performance.now() - t);
    if (process.argv[3]) { t = performance.now(); hub.raw.pragma(`wal_checkpoint(${process.argv[3]})`); walSizes.push(performance.now() - t); }
    if (n < chunk) break;
  }
}
console.log(`chunk ${chunk}: exec p50 ${percentile(exec,50).toFixed(2)} p99 ${percentile(exec,99).toFixed(2)} | commit p50 ${percentile(commit,50).toFixed(2)} p99 ${percentile(commit,99).toFixed(2)} max ${Math.max(...commit).toFixed(1)} | ckpt p50 ${percentile(walSizes,50).toFixed(2)} p99 ${percentile(walSizes,99).toFixed(2)} max ${Math.max(...walSizes, 0).toFixed(1)}`);
await hub.dispose();
