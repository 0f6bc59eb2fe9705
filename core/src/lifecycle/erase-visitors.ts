import { z } from "zod";
import { currentTime, nextId } from "../chat/deps";
import { parseInput } from "../chat/parse-input";
import { AppError } from "../errors/app-error";
import { ZId } from "../schemas/common";
import type { TConversation } from "../schemas/conversation";
import { assertPrivacyAuthorized } from "./assert-privacy-authorized";
import { createWritePacer } from "./create-write-pacer";
import { deleteConversationRows } from "./delete-conversation-rows";
import type { TLifecycleDeps } from "./deps";
import { type TErasureReceipt, ZErasureReceipt, ZErasureRequestId, ZErasureSource } from "./erasure-receipt";
import { type TPrivacyActor, toAuditActor, workspaceOfActor } from "./lifecycle-actor";
import { planPluginDeletions } from "./plan-plugin-deletions";
import { publishConversationsDeleted } from "./publish-conversations-deleted";
import { recordLifecycleAudit } from "./record-lifecycle-audit";
import { shredVisitorKeys } from "./shred-visitor-keys";

/** Input of `eraseVisitors`. */
export const ZEraseVisitorsInput = z.object({
  visitorIds: z.array(ZId).min(1).max(100),
  /** The caller's id for the request: repeating it answers with the first receipt instead of erasing again. */
  requestId: ZErasureRequestId.optional(),
  source: ZErasureSource,
  /** Messages deleted per statement (small, so live chat keeps its turn). */
  batchSize: z.number().int().min(1).max(1000).default(50),
  /**
   * Share of time the deletion may hold the database once the keys are gone (the data is already
   * unreadable then, so only live chat's latency is at stake; see `createWritePacer`).
   */
  dutyCycle: z.number().gt(0).max(1).default(0.5),
});
/** `ZEraseVisitorsInput` as callers pass it. */
export type TEraseVisitorsInput = z.input<typeof ZEraseVisitorsInput>;

/**
 * Erases visitors for good (right to be forgotten; admins, or the erasure job for API and WordPress
 * requests). Each visitor's key is destroyed first, so from that instant nothing of theirs can be
 * read anywhere, backups included; then their messages, conversations, read markers and visitor
 * rows are deleted in small statements (each batch of conversations announced on the bus as
 * `conversation.deleted`, reason "erasure"), and every installation holding a copy is asked to
 * delete it (outbox). Audited twice — the request, then its completion — and summed up in a receipt of
 * ids, counts and times (`getErasureReceipt`), never content and never the email it was found by.
 * Visitors already gone are skipped; if none is left the answer is `resource.not_found`.
 *
 * @example await eraseVisitors(deps, admin, { visitorIds: [id], source: "console" })
 */
export async function eraseVisitors(
  deps: TLifecycleDeps,
  actor: TPrivacyActor,
  raw: TEraseVisitorsInput,
): Promise<TErasureReceipt> {
  const workspaceId = workspaceOfActor(actor);
  const input = parseInput(ZEraseVisitorsInput, raw);
  const visitorIds = [...new Set(input.visitorIds)];
  for (const visitorId of visitorIds) {
    await assertPrivacyAuthorized(deps, actor, "privacy.erase", { workspaceId, visitorId });
  }
  const scope = deps.store.scoped(workspaceId);
  if (input.requestId !== undefined) {
    const earlier = await scope.erasureReceipts.findByRequestId(input.requestId);
    if (earlier) return ZErasureReceipt.parse(earlier);
  }
  const visitors = await scope.purge.listVisitors(visitorIds);
  if (visitors.length === 0) throw new AppError("resource.not_found", "Not found.");
  const erasedIds = visitors.map((v) => v.id);
  const auditActor = toAuditActor(actor);
  const requestedAt = currentTime(deps);
  await recordLifecycleAudit(deps, {
    workspaceId,
    actor: auditActor,
    action: "privacy.erase.request",
    resource: { type: "workspace", id: workspaceId },
    at: requestedAt,
    details: { source: input.source, requestId: input.requestId ?? null, visitorIds: erasedIds },
  });

  const keysDestroyed = await shredVisitorKeys(
    deps,
    workspaceId,
    visitors.map((v) => v.keyId),
  );
  const unreadableAt = currentTime(deps);

  const conversations = await scope.purge.listConversationsOfVisitors(erasedIds);
  const installations = await scope.installations.list();
  const outbox = planPluginDeletions({
    installations,
    conversations,
    visitorIds: erasedIds,
    newId: () => nextId(deps),
    now: unreadableAt,
  });
  const outboxQueued = await scope.outbox.enqueue(outbox);
  const paced = createWritePacer(deps, { dutyCycle: input.dutyCycle });
  // Open consoles and the visitor's own widget hear of each batch of conversations as it goes.
  const onDeleted = (ids: string[]) => publishConversationsDeleted(deps, workspaceId, ids, "erasure");
  const deleted = await deleteConversationRows(scope.purge, conversations, {
    chunkSize: input.batchSize,
    onlyIfInactive: false,
    paced,
    onDeleted,
  });
  await scope.purge.deleteVisitors(erasedIds);
  // A conversation started in the instant before the key went has no readable text, but no row of
  // theirs may stay behind either.
  const late = await scope.purge.listConversationsOfVisitors(erasedIds);
  const lateDeleted = await deleteConversationRows(scope.purge, late, {
    chunkSize: input.batchSize,
    onlyIfInactive: false,
    paced,
    onDeleted,
  });
  const allConversations: TConversation[] = [...conversations, ...late];
  const targeted = new Set(outbox.map((item) => item.installationId));

  const receipt = ZErasureReceipt.parse({
    id: nextId(deps),
    requestId: input.requestId ?? null,
    source: input.source,
    actor: { type: auditActor.type === "member" ? "member" : "system", id: auditActor.id },
    visitorIds: erasedIds,
    conversationIds: allConversations.map((c) => c.id),
    siteIds: [...new Set([...visitors.map((v) => v.siteId), ...allConversations.map((c) => c.siteId)])],
    installations: installations
      .filter((i) => targeted.has(i.id))
      .map((i) => ({ id: i.id, platform: i.platform })),
    counts: {
      visitors: visitors.length,
      conversations: deleted.conversationIds.length + lateDeleted.conversationIds.length,
      messages: deleted.messages + lateDeleted.messages,
      readMarkers: deleted.readMarkers + lateDeleted.readMarkers,
      keysDestroyed,
      outboxQueued,
    },
    requestedAt,
    unreadableAt,
    completedAt: currentTime(deps),
  } satisfies TErasureReceipt);
  await scope.erasureReceipts.create(receipt);
  await recordLifecycleAudit(deps, {
    workspaceId,
    actor: auditActor,
    action: "privacy.erase.complete",
    resource: { type: "workspace", id: workspaceId },
    at: receipt.completedAt,
    details: {
      receiptId: receipt.id,
      source: input.source,
      visitorIds: erasedIds,
      conversationCount: receipt.counts.conversations,
      messageCount: receipt.counts.messages,
      readMarkerCount: receipt.counts.readMarkers,
      keysDestroyed,
      outboxQueued,
    },
  });
  return receipt;
}
