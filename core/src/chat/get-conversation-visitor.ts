import { z } from "zod";
import { isAppError } from "../errors/app-error";
import type { TInstallationActor, TMemberActor } from "../rbac/actors";
import type { TResolvedPolicy } from "../retention/default-policy";
import { openSealedVisitor } from "../store/sealed-records";
import type { TChatDeps } from "./deps";
import { loadAuthorizedConversation } from "./load-conversation";
import { createErasedError } from "./open-messages";
import { parseInput } from "./parse-input";
import { resolveWorkspacePolicy } from "./resolve-conversation-policy";

/** Input of `getConversationVisitor`. */
export const ZGetConversationVisitorInput = z.object({ conversationId: z.string().max(200) });
/** `ZGetConversationVisitorInput` as callers pass it, before validation. */
export type TGetConversationVisitorInput = z.input<typeof ZGetConversationVisitorInput>;

/** The visitor of a conversation as an agent's console shows them, masked per policy. */
export type TConversationVisitor = {
  id: string;
  /** Names are shown as given (they are how an agent greets someone); null when unknown. */
  name: string | null;
  email: string | null;
  ip: string | null;
  /** Whether the host site signed the identity (verified) or the visitor only claimed it. */
  identityVerified: boolean;
  /** Whether `email` and `ip` are masked for display by the conversation's redaction policy. */
  isMasked: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
};

/**
 * The visitor behind a conversation, for the console's side panel. Authorized as reading the
 * conversation (whoever may read the transcript may see who wrote it). Under the
 * "mask-on-display" policy the email (when the email rule is on) and the IP are masked: the
 * email keeps its first letter and top-level domain (`a•••@•••.com`), the stored (already
 * anonymized) IP its first half (`203.0.•.•`). Not audited on its own: the console shows it
 * beside the transcript, whose opening `listMessages` audits. An erased visitor is resource.gone.
 *
 * @example await getConversationVisitor(deps, actor, { conversationId }) // { email: "a•••@•••.com", … }
 */
export async function getConversationVisitor(
  deps: TChatDeps,
  actor: TMemberActor | TInstallationActor,
  raw: TGetConversationVisitorInput,
): Promise<TConversationVisitor> {
  const input = parseInput(ZGetConversationVisitorInput, raw);
  const conversation = await loadAuthorizedConversation(
    deps,
    actor,
    "conversation.read",
    input.conversationId,
  );
  const { workspaceId } = conversation;
  const row = await deps.store.scoped(workspaceId).visitors.get(conversation.visitorId);
  if (!row) throw createErasedError();
  let visitor: Awaited<ReturnType<typeof openSealedVisitor>>;
  try {
    visitor = await openSealedVisitor(deps.vault, workspaceId, row);
  } catch (error) {
    if (isAppError(error) && error.code === "crypto.unreadable") throw createErasedError();
    throw error;
  }
  const policy = await resolveWorkspacePolicy(deps, workspaceId, {
    departmentId: conversation.departmentId,
    siteId: conversation.siteId,
  });
  const isMasked = policy.redaction.mode === "mask-on-display";
  return {
    id: visitor.id,
    name: visitor.name,
    email: visitor.email === null ? null : maskEmailFor(visitor.email, policy),
    ip: visitor.ip === null ? null : isMasked ? maskIp(visitor.ip) : visitor.ip,
    identityVerified: visitor.identityVerified,
    isMasked,
    firstSeenAt: visitor.createdAt,
    lastSeenAt: visitor.lastSeenAt,
  };
}

function maskEmailFor(email: string, policy: TResolvedPolicy): string {
  const isMasked = policy.redaction.mode === "mask-on-display" && policy.redaction.rules.email !== false;
  return isMasked ? maskEmail(email) : email;
}

/** `ana@example.com` → `a•••@•••.com`: enough to tell two addresses apart, not to write to one. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const tld = dot >= 0 ? domain.slice(dot) : "";
  return `${email.slice(0, 1)}•••@•••${tld}`;
}

/** `203.0.113.0` → `203.0.•.•`; `2001:db8:1::` → `2001:db8:•`. */
export function maskIp(ip: string): string {
  if (ip.includes(":")) {
    const groups = ip.split(":").filter((g) => g.length > 0);
    return `${groups.slice(0, 2).join(":")}:•`;
  }
  const octets = ip.split(".");
  if (octets.length !== 4) return "•••";
  return `${octets[0]}.${octets[1]}.•.•`;
}
