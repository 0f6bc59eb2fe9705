import {
  assignConversation,
  claimConversation,
  closeConversation,
  getConversationVisitor,
  listConversations,
  listMessages,
  MAX_CONVERSATIONS_PAGE,
  MAX_MESSAGES_PAGE,
  markRead,
  sendMessage,
  transferConversation,
  ZConversationView,
} from "@tawkster/core/chat";
import type { TMemberActor } from "@tawkster/core/rbac";
import { ZMessageBody } from "@tawkster/core/schemas";
import type { TWorkspaceDeps } from "@tawkster/core/workspace";
import { z } from "zod";
import { toConsoleMessages } from "../../lib/shape-messages";
import type { TRoute } from "../route";
import {
  limitParam,
  ZApiConversation,
  ZApiConversationSummary,
  ZApiMessage,
  ZApiTime,
  ZSeqParam,
} from "./api-schemas";
import { memberRoute } from "./member-route";

const BASE = "/api/v1/conversations";

const ZListQuery = z.strictObject({
  view: ZConversationView.optional(),
  departmentId: z.string().max(200).optional(),
  limit: limitParam(MAX_CONVERSATIONS_PAGE).optional(),
});
const ZListResponse = z.object({ conversations: z.array(ZApiConversationSummary) });

const ZTranscriptQuery = z.strictObject({
  afterSeq: ZSeqParam.optional(),
  limit: limitParam(MAX_MESSAGES_PAGE).optional(),
});
const ZTranscriptResponse = z.object({ conversation: ZApiConversation, messages: z.array(ZApiMessage) });

const ZSendBody = z.strictObject({ body: ZMessageBody });
const ZMessageResponse = z.object({ message: ZApiMessage });

const ZConversationResponse = z.object({ conversation: ZApiConversation });
const ZAssignBody = z.strictObject({ assigneeId: z.string().max(200).nullable() });
const ZTransferBody = z.strictObject({ departmentId: z.string().max(200) });
const ZReadBody = z.strictObject({ seq: z.number().int().min(0) });
const ZReadResponse = z.object({ lastReadSeq: z.number().int().min(0) });

const ZVisitorResponse = z.object({
  visitor: z.object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    ip: z.string().nullable(),
    identityVerified: z.boolean(),
    isMasked: z.boolean(),
    firstSeenAt: ZApiTime,
    lastSeenAt: ZApiTime,
  }),
});

/** The visitor's name for the transcript's author labels; null when it cannot be shown (erased). */
async function readVisitorName(
  deps: TWorkspaceDeps,
  actor: TMemberActor,
  conversationId: string,
): Promise<string | null> {
  try {
    return (await getConversationVisitor(deps, actor, { conversationId })).name;
  } catch {
    return null;
  }
}

/** The console's conversations: queues, transcripts, replies and the state changes agents make. */
export const CONVERSATION_ROUTES: readonly TRoute[] = [
  memberRoute({
    method: "GET",
    path: BASE,
    name: "conversations.list",
    summary: "The conversations the member may see in a queue (view) and department, newest activity first.",
    query: ZListQuery,
    response: ZListResponse,
    handle: async ({ deps, actor, query }) => ({
      conversations: await listConversations(deps, actor, {
        view: query.view ?? "all",
        ...(query.departmentId !== undefined && { departmentId: query.departmentId }),
        ...(query.limit !== undefined && { limit: query.limit }),
      }),
    }),
  }),
  memberRoute({
    method: "GET",
    path: `${BASE}/:id`,
    name: "conversations.get",
    summary:
      "A conversation and its messages after `afterSeq` (masked per policy; opening from 0 is audited).",
    query: ZTranscriptQuery,
    response: ZTranscriptResponse,
    handle: async ({ deps, actor, params, query }) => {
      const { conversation, messages } = await listMessages(deps, actor, {
        conversationId: params.id ?? "",
        ...(query.afterSeq !== undefined && { afterSeq: query.afterSeq }),
        ...(query.limit !== undefined && { limit: query.limit }),
      });
      const visitorName = messages.some((m) => m.author.type === "visitor")
        ? await readVisitorName(deps, actor, conversation.id)
        : null;
      const scope = deps.store.scoped(conversation.workspaceId);
      return { conversation, messages: await toConsoleMessages(scope, messages, visitorName) };
    },
  }),
  memberRoute({
    method: "GET",
    path: `${BASE}/:id/visitor`,
    name: "conversations.visitor",
    summary: "The visitor behind a conversation, masked per policy.",
    response: ZVisitorResponse,
    handle: async ({ deps, actor, params }) => ({
      visitor: await getConversationVisitor(deps, actor, { conversationId: params.id ?? "" }),
    }),
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/:id/messages`,
    name: "conversations.reply",
    summary: "Replies to a conversation; answers 201 once the message is durably stored.",
    body: ZSendBody,
    response: ZMessageResponse,
    status: 201,
    handle: async ({ deps, actor, params, body }) => {
      const message = await sendMessage(deps, actor, { conversationId: params.id ?? "", body: body.body });
      const [shaped] = await toConsoleMessages(deps.store.scoped(message.workspaceId), [message], null);
      return { message: shaped as z.input<typeof ZApiMessage> };
    },
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/:id/claim`,
    name: "conversations.claim",
    summary: "Takes an unassigned conversation (assigns it to the caller and opens it).",
    response: ZConversationResponse,
    handle: async ({ deps, actor, params }) => ({
      conversation: await claimConversation(deps, actor, { conversationId: params.id ?? "" }),
    }),
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/:id/assign`,
    name: "conversations.assign",
    summary: "Hands a conversation to a member of its department, or back to the queue (null).",
    body: ZAssignBody,
    response: ZConversationResponse,
    handle: async ({ deps, actor, params, body }) => ({
      conversation: await assignConversation(deps, actor, {
        conversationId: params.id ?? "",
        assigneeId: body.assigneeId,
      }),
    }),
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/:id/transfer`,
    name: "conversations.transfer",
    summary: "Moves a conversation to another department.",
    body: ZTransferBody,
    response: ZConversationResponse,
    handle: async ({ deps, actor, params, body }) => ({
      conversation: await transferConversation(deps, actor, {
        conversationId: params.id ?? "",
        departmentId: body.departmentId,
      }),
    }),
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/:id/close`,
    name: "conversations.close",
    summary: "Closes a conversation (closing a closed one changes nothing).",
    response: ZConversationResponse,
    handle: async ({ deps, actor, params }) => ({
      conversation: await closeConversation(deps, actor, { conversationId: params.id ?? "" }),
    }),
  }),
  memberRoute({
    method: "POST",
    path: `${BASE}/:id/read`,
    name: "conversations.read",
    summary: "Moves the caller's read marker forward to `seq` (never back).",
    body: ZReadBody,
    response: ZReadResponse,
    handle: async ({ deps, actor, params, body }) =>
      markRead(deps, actor, { conversationId: params.id ?? "", seq: body.seq }),
  }),
];
