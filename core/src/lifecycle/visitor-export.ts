import { z } from "zod";
import { ZId } from "../schemas/common";
import { ZConversationStatus } from "../schemas/conversation";
import { ZPlatform } from "../schemas/installation";

const ZIsoTime = z.iso.datetime();

/** One message of an export, decrypted: who sent it (an agent by name only) and when. */
export const ZVisitorExportMessage = z.strictObject({
  seq: z.number().int().positive(),
  from: z.enum(["visitor", "agent", "system"]),
  agentName: z.string().nullable(),
  body: z.string(),
  sentAt: ZIsoTime,
});

/** One conversation of an export, with every message. */
export const ZVisitorExportConversation = z.strictObject({
  id: ZId,
  siteName: z.string().nullable(),
  departmentName: z.string().nullable(),
  status: ZConversationStatus,
  startedAt: ZIsoTime,
  lastActivityAt: ZIsoTime,
  closedAt: ZIsoTime.nullable(),
  /** The agents who replied, by name only. */
  agents: z.array(z.string()),
  /** Platforms a copy was shared to (recipients, GDPR Art. 15(1)(c)). */
  sharedWith: z.array(ZPlatform),
  messages: z.array(ZVisitorExportMessage),
});

/** A recorded action on the visitor or their conversations; who acted is given by kind only. */
export const ZVisitorExportAuditEvent = z.strictObject({
  seq: z.number().int().positive(),
  at: ZIsoTime,
  action: z.string(),
  resource: z.strictObject({ type: z.string(), id: z.string().nullable() }),
  outcome: z.enum(["success", "denied", "failure"]),
  actorType: z.enum(["member", "visitor", "installation", "system", "anonymous"]),
});

/**
 * Everything Tawkster holds about one visitor (right of access, GDPR Art. 15; portability, Art. 20):
 * their profile decrypted, consent, every conversation with every message decrypted, and the audit
 * events about them. Nothing about anyone else: agents appear by name only, other people's ids and
 * audit details are left out.
 */
export const ZVisitorExport = z.strictObject({
  format: z.literal("tawkster.visitor-export"),
  version: z.literal(1),
  exportedAt: ZIsoTime,
  workspaceName: z.string(),
  visitor: z.strictObject({
    id: ZId,
    siteName: z.string().nullable(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    identityVerified: z.boolean(),
    ip: z.string().nullable(),
    consent: z.strictObject({ functional: z.boolean(), updatedAt: ZIsoTime.nullable() }),
    firstSeenAt: ZIsoTime,
    lastSeenAt: ZIsoTime,
  }),
  conversations: z.array(ZVisitorExportConversation),
  auditEvents: z.array(ZVisitorExportAuditEvent),
});
/** A visitor export document (see ZVisitorExport). */
export type TVisitorExport = z.infer<typeof ZVisitorExport>;
