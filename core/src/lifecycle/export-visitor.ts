import { z } from "zod";
import { currentTime } from "../chat/deps";
import { createErasedError } from "../chat/open-messages";
import { parseInput } from "../chat/parse-input";
import { AppError, isAppError } from "../errors/app-error";
import type { TAuditEvent } from "../schemas/audit-event";
import { ZId } from "../schemas/common";
import type { TInstallation } from "../schemas/installation";
import type { TMessage } from "../schemas/message";
import type { TVisitor } from "../schemas/visitor";
import { openSealedMessage, openSealedVisitor } from "../store/sealed-records";
import { assertPrivacyAuthorized } from "./assert-privacy-authorized";
import type { TLifecycleDeps } from "./deps";
import { type TExportActor, toAuditActor, workspaceOfActor } from "./lifecycle-actor";
import { recordLifecycleAudit } from "./record-lifecycle-audit";
import { type TVisitorExport, ZVisitorExport } from "./visitor-export";
import { yieldToEventLoop } from "./yield-to-event-loop";

const MESSAGE_PAGE = 500;
const AUDIT_PAGE = 1000;

/** Input of `exportVisitor`. */
export const ZExportVisitorInput = z.object({ visitorId: ZId });

/** Options of `exportVisitor`. */
export type TExportVisitorOptions = {
  /** Called after each conversation (and once with 0 at the start), for a progress bar. */
  onProgress?: ((done: number, total: number) => void) | undefined;
};

/**
 * Exports everything held about one visitor as a JSON document (`ZVisitorExport`): their profile and
 * consent, every conversation with every message decrypted, the agents who replied (names only)
 * and the audit events about them. For admins, the export job, or the visitor themself. Audited
 * with counts only. A visitor whose key was destroyed answers `resource.gone`: there is nothing
 * readable left to give.
 *
 * @example const doc = await exportVisitor(deps, admin, { visitorId }, { onProgress: (d, t) => bar(d / t) })
 */
export async function exportVisitor(
  deps: TLifecycleDeps,
  actor: TExportActor,
  raw: z.input<typeof ZExportVisitorInput>,
  options: TExportVisitorOptions = {},
): Promise<TVisitorExport> {
  const workspaceId = workspaceOfActor(actor);
  const { visitorId } = parseInput(ZExportVisitorInput, raw);
  await assertPrivacyAuthorized(deps, actor, "privacy.export", { workspaceId, visitorId });
  const scope = deps.store.scoped(workspaceId);
  const row = await scope.visitors.get(visitorId);
  if (!row) throw new AppError("resource.not_found", "Not found.");
  const openOrGone = async <T>(open: () => Promise<T>): Promise<T> => {
    try {
      return await open();
    } catch (error) {
      // Erased mid-export (or just before): the key is gone, and with it the text. Any other
      // failure to decrypt (tampering, a missing master key) stays a server fault.
      const isShredded =
        isAppError(error) &&
        error.code === "crypto.unreadable" &&
        (await deps.store.keys.findKey(workspaceId, row.keyId)) === null;
      if (isShredded) throw createErasedError();
      throw error;
    }
  };
  const visitor = await openOrGone(() => openSealedVisitor(deps.vault, workspaceId, row));
  const [workspace, sites, departments, members] = await Promise.all([
    deps.store.workspaces.get(workspaceId),
    scope.sites.list(),
    scope.departments.list(),
    scope.members.list(),
  ]);
  const siteName = (id: string) => sites.find((s) => s.id === id)?.name ?? null;
  const memberName = (id: string) => members.find((m) => m.id === id)?.name ?? "An agent";
  const conversations = (await scope.purge.listConversationsOfVisitors([visitorId])).filter(
    (c) => c.visitorId === visitorId,
  );
  const total = conversations.length;
  options.onProgress?.(0, total);

  const exported: TVisitorExport["conversations"] = [];
  let messageCount = 0;
  for (const conversation of conversations) {
    const messages: TMessage[] = [];
    for (let afterSeq = 0; ; ) {
      const page = await scope.messages.list(conversation.id, { afterSeq, limit: MESSAGE_PAGE });
      for (const sealed of page) {
        messages.push(await openOrGone(() => openSealedMessage(deps.vault, workspaceId, sealed)));
      }
      const last = page[page.length - 1];
      if (last === undefined || page.length < MESSAGE_PAGE) break;
      afterSeq = last.seq;
    }
    const agentIds = [...new Set(messages.flatMap((m) => (m.author.type === "member" ? [m.author.id] : [])))];
    const sharedWith: TInstallation["platform"][] = [];
    if (conversation.slack) sharedWith.push("slack");
    if (conversation.zendesk) sharedWith.push("zendesk");
    exported.push({
      id: conversation.id,
      siteName: siteName(conversation.siteId),
      departmentName: departments.find((d) => d.id === conversation.departmentId)?.name ?? null,
      status: conversation.status,
      startedAt: conversation.createdAt.toISOString(),
      lastActivityAt: conversation.lastActivityAt.toISOString(),
      closedAt: conversation.closedAt?.toISOString() ?? null,
      agents: agentIds.map(memberName),
      sharedWith,
      messages: messages.map((m) => ({
        seq: m.seq,
        from: m.author.type === "member" ? "agent" : m.author.type,
        agentName: m.author.type === "member" ? memberName(m.author.id) : null,
        body: m.body,
        sentAt: m.createdAt.toISOString(),
      })),
    });
    messageCount += messages.length;
    options.onProgress?.(exported.length, total);
    await yieldToEventLoop();
  }

  const document = ZVisitorExport.parse({
    format: "tawkster.visitor-export",
    version: 1,
    exportedAt: currentTime(deps).toISOString(),
    workspaceName: workspace?.name ?? "",
    visitor: toExportedVisitor(visitor, siteName(visitor.siteId)),
    conversations: exported,
    auditEvents: await listAuditEventsAbout(
      deps,
      workspaceId,
      visitorId,
      new Set(conversations.map((c) => c.id)),
    ),
  } satisfies TVisitorExport);
  await recordLifecycleAudit(deps, {
    workspaceId,
    actor: toAuditActor(actor),
    action: "privacy.export",
    resource: { type: "visitor", id: visitorId },
    at: currentTime(deps),
    details: { conversationCount: total, messageCount },
  });
  return document;
}

function toExportedVisitor(visitor: TVisitor, siteName: string | null): TVisitorExport["visitor"] {
  return {
    id: visitor.id,
    siteName,
    email: visitor.email,
    name: visitor.name,
    identityVerified: visitor.identityVerified,
    ip: visitor.ip,
    consent: {
      functional: visitor.consent.functional,
      updatedAt: visitor.consent.updatedAt?.toISOString() ?? null,
    },
    firstSeenAt: visitor.createdAt.toISOString(),
    lastSeenAt: visitor.lastSeenAt.toISOString(),
  };
}

/** Audit events whose subject is the visitor or one of their conversations, or that the visitor did. */
async function listAuditEventsAbout(
  deps: TLifecycleDeps,
  workspaceId: string,
  visitorId: string,
  conversationIds: ReadonlySet<string>,
): Promise<TVisitorExport["auditEvents"]> {
  const audit = deps.store.scoped(workspaceId).audit;
  const isAbout = (e: TAuditEvent) =>
    (e.resource.type === "visitor" && e.resource.id === visitorId) ||
    (e.resource.type === "conversation" && e.resource.id !== null && conversationIds.has(e.resource.id)) ||
    (e.actor.type === "visitor" && e.actor.id === visitorId);
  const out: TVisitorExport["auditEvents"] = [];
  for (let afterSeq = 0; ; ) {
    const page = await audit.list({ afterSeq, limit: AUDIT_PAGE });
    for (const e of page.filter(isAbout)) {
      out.push({
        seq: e.seq,
        at: e.at.toISOString(),
        action: e.action,
        resource: { type: e.resource.type, id: e.resource.id },
        outcome: e.outcome,
        actorType: e.actor.type,
      });
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < AUDIT_PAGE) break;
    afterSeq = last.seq;
    await yieldToEventLoop();
  }
  return out;
}
