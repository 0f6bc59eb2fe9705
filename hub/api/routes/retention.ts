import { ZPurgeReport } from "../../lib/lifecycle/purge-report";
import { runPurge } from "../../lib/lifecycle/run-purge";
import type { TRoute } from "../route";
import { memberRoute } from "./member-route";

const BASE = "/api/v1/retention";

/** Retention on demand (admins): what the next purge would delete, and running it now. */
export const RETENTION_ROUTES: readonly TRoute[] = [
  memberRoute({
    method: "POST",
    path: `${BASE}/preview`,
    name: "retention.preview",
    summary:
      "Dry run: the conversations and visitors the next purge would delete, with department, site and age, and the counts. Changes nothing.",
    response: ZPurgeReport,
    handle: async ({ deps, actor, ctx }) => runPurge(deps, { actor, dryRun: true, now: ctx.hub.now() }),
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/run`,
    name: "retention.run",
    summary:
      "Purges now what has outlived the workspace's retention policies (keys first); `skipped` when another hub instance is purging.",
    response: ZPurgeReport,
    handle: async ({ deps, actor, ctx }) => runPurge(deps, { actor, dryRun: false, now: ctx.hub.now() }),
  }),
];
