import { randomUUID } from "node:crypto";
import { z } from "zod";
import { currentTime } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import { ZId } from "../schemas/common";
import type { TInstallation } from "../schemas/installation";
import type { TPurgeVisitorRow } from "../store/port";
import { assertPrivacyAuthorized } from "./assert-privacy-authorized";
import type { TLifecycleDeps } from "./deps";
import { type TPrivacyActor, toAuditActor, workspaceOfActor } from "./lifecycle-actor";
import { planPluginDeletions } from "./plan-plugin-deletions";
import { recordLifecycleAudit } from "./record-lifecycle-audit";

/** Input of `findVisitorsForErasure`: an email (found through the blind index) or a visitor id. */
export const ZFindVisitorsForErasureInput = z.union([
  z.strictObject({ email: z.string().trim().min(3).max(254) }),
  z.strictObject({ visitorId: ZId }),
]);
/** `ZFindVisitorsForErasureInput` as callers pass it. */
export type TFindVisitorsForErasureInput = z.input<typeof ZFindVisitorsForErasureInput>;

/** One visitor an erasure request would reach, with what erasing them would remove. No content. */
export type TErasureCandidate = {
  visitorId: string;
  siteId: string;
  siteName: string | null;
  /**
   * How they matched. "email-unverified": the visitor typed that address in the widget and the site
   * never confirmed it, so it may be someone else using it; the admin decides whether to erase them.
   */
  match: "email-verified" | "email-unverified" | "visitor-id";
  identityVerified: boolean;
  conversationCount: number;
  messageCount: number;
  lastSeenAt: Date;
  /** Connected installations that would be asked to delete their copies. */
  installations: Pick<TInstallation, "id" | "platform" | "name">[];
};

/** What an erasure request would reach. */
export type TErasurePreview = { visitors: TErasureCandidate[] };

/**
 * Previews an erasure (admins, or the erasure job for API and WordPress requests): the visitors
 * matching an email (by its keyed blind index, verified and unverified alike, each flagged) or an
 * id, with their conversation and message counts, sites and the installations holding copies.
 * Nothing is decrypted or changed. The lookup is audited with the ids found — never the email.
 *
 * @example await findVisitorsForErasure(deps, admin, { email: "ana@example.com" })
 */
export async function findVisitorsForErasure(
  deps: TLifecycleDeps,
  actor: TPrivacyActor,
  raw: TFindVisitorsForErasureInput,
): Promise<TErasurePreview> {
  const workspaceId = workspaceOfActor(actor);
  const input = parseInput(ZFindVisitorsForErasureInput, raw);
  const byId = "visitorId" in input;
  // Checked before looking anything up, so a refused actor learns nothing from an empty answer.
  await assertPrivacyAuthorized(deps, actor, "privacy.erase", {
    workspaceId,
    visitorId: byId ? input.visitorId : randomUUID(),
  });
  const scope = deps.store.scoped(workspaceId);
  let rows: { id: string; identityVerified: boolean }[];
  if (byId) {
    const row = await scope.visitors.get(input.visitorId);
    rows = row ? [row] : [];
  } else {
    rows = await scope.visitors.findByEmailIndex(
      await deps.vault.blindIndex(workspaceId, "email", input.email),
    );
  }
  const visitors: TPurgeVisitorRow[] = await scope.purge.listVisitors(rows.map((r) => r.id));
  const conversations = await scope.purge.listConversationsOfVisitors(visitors.map((v) => v.id));
  const [sites, installations] = await Promise.all([scope.sites.list(), scope.installations.list()]);
  const candidates: TErasureCandidate[] = [];
  for (const visitor of visitors) {
    const theirs = conversations.filter((c) => c.visitorId === visitor.id);
    const counts = await scope.purge.countRows(theirs.map((c) => c.id));
    const targets = new Set(
      planPluginDeletions({
        installations,
        conversations: theirs,
        visitorIds: [visitor.id],
        newId: randomUUID,
        now: new Date(0),
      }).map((item) => item.installationId),
    );
    const isVerified = rows.find((r) => r.id === visitor.id)?.identityVerified ?? false;
    candidates.push({
      visitorId: visitor.id,
      siteId: visitor.siteId,
      siteName: sites.find((s) => s.id === visitor.siteId)?.name ?? null,
      match: byId ? "visitor-id" : isVerified ? "email-verified" : "email-unverified",
      identityVerified: isVerified,
      conversationCount: theirs.length,
      messageCount: counts.messages,
      lastSeenAt: visitor.lastSeenAt,
      installations: installations
        .filter((i) => targets.has(i.id))
        .map((i) => ({ id: i.id, platform: i.platform, name: i.name })),
    });
  }
  await recordLifecycleAudit(deps, {
    workspaceId,
    actor: toAuditActor(actor),
    action: "privacy.erase.lookup",
    resource: { type: "workspace", id: workspaceId },
    at: currentTime(deps),
    details: {
      lookup: byId ? "visitorId" : "emailIndex",
      matchCount: candidates.length,
      visitorIds: candidates.map((c) => c.visitorId),
    },
  });
  return { visitors: candidates };
}
