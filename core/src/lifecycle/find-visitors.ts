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

/** The audit action of every visitor lookup, whatever it is for (the purpose is in its details). */
export const PRIVACY_LOOKUP_ACTION = "privacy.lookup";

/** What a lookup is for: a right-of-access export, or an erasure. Recorded in its audit event. */
export const ZVisitorLookupPurpose = z.enum(["export", "erasure"]);
/** See `ZVisitorLookupPurpose`. */
export type TVisitorLookupPurpose = z.infer<typeof ZVisitorLookupPurpose>;

/** Who to find: an email (through the blind index) or a visitor id. */
export const ZVisitorLookup = z.union([
  z.strictObject({ email: z.string().trim().min(3).max(254) }),
  z.strictObject({ visitorId: ZId }),
]);
/** `ZVisitorLookup` as callers pass it. */
export type TVisitorLookup = z.input<typeof ZVisitorLookup>;

/** One visitor a lookup found, with what an export or erasure of them would reach. No content. */
export type TVisitorCandidate = {
  visitorId: string;
  siteId: string;
  siteName: string | null;
  /**
   * How they matched. "email-unverified": the visitor typed that address in the widget and the site
   * never confirmed it, so it may be someone else using it; the admin decides whether to act on them.
   */
  match: "email-verified" | "email-unverified" | "visitor-id";
  identityVerified: boolean;
  conversationCount: number;
  messageCount: number;
  lastSeenAt: Date;
  /** Connected installations holding copies (an erasure asks each of them to delete theirs). */
  installations: Pick<TInstallation, "id" | "platform" | "name">[];
};

/** What a lookup found. */
export type TVisitorLookupResult = { visitors: TVisitorCandidate[] };

/**
 * Finds the visitors a privacy request is about (admins, or the erasure job for API and WordPress
 * requests): those matching an email (by its keyed blind index, verified and unverified alike, each
 * flagged) or an id, with their conversation and message counts, sites and the installations
 * holding copies. Nothing is decrypted or changed. Authorized as `privacy.lookup` and audited as
 * `privacy.lookup` with its purpose and the ids found — never the email — so the log tells an
 * access request's lookup from an erasure's.
 *
 * @example await findVisitors(deps, admin, { email: "ana@example.com" }, { purpose: "export" })
 */
export async function findVisitors(
  deps: TLifecycleDeps,
  actor: TPrivacyActor,
  raw: TVisitorLookup,
  options: { purpose: TVisitorLookupPurpose },
): Promise<TVisitorLookupResult> {
  const workspaceId = workspaceOfActor(actor);
  const input = parseInput(ZVisitorLookup, raw);
  const purpose = parseInput(ZVisitorLookupPurpose, options.purpose);
  const byId = "visitorId" in input;
  // Checked before looking anything up, so a refused actor learns nothing from an empty answer. An
  // email lookup is asked about a visitor nobody has: who may look up anyone may look up by email.
  await assertPrivacyAuthorized(deps, actor, "privacy.lookup", {
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
  const candidates: TVisitorCandidate[] = [];
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
    action: PRIVACY_LOOKUP_ACTION,
    resource: { type: "workspace", id: workspaceId },
    at: currentTime(deps),
    details: {
      purpose,
      lookup: byId ? "visitorId" : "emailIndex",
      matchCount: candidates.length,
      visitorIds: candidates.map((c) => c.visitorId),
    },
  });
  return { visitors: candidates };
}
