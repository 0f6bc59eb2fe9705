"use server";
import {
  assignConversation,
  claimConversation,
  closeConversation,
  markRead,
  sendMessage,
  transferConversation,
} from "@tawkster/core/chat";
import type { TConsoleConversationState, TConsoleMessage, TConversation } from "@tawkster/core/schemas";
import { z } from "zod";
import { getHub } from "../runtime";
import { type TActionResult, toActionResult } from "./errors";
import { getActionSession } from "./session";

// The console's conversation actions. Each validates its input with zod, resolves the member from
// the session (never from the input), and lets core authorize, change and audit.

const ZConversationId = z.uuid();

const ZSendReplyInput = z.object({ conversationId: ZConversationId, body: z.string().max(8000) });
const ZAssignInput = z.object({ conversationId: ZConversationId, assigneeId: z.uuid().nullable() });
const ZTransferInput = z.object({ conversationId: ZConversationId, departmentId: z.uuid() });
const ZMarkReadInput = z.object({ conversationId: ZConversationId, seq: z.number().int().min(0) });

function toState(conversation: TConversation): TConsoleConversationState {
  return {
    id: conversation.id,
    status: conversation.status,
    assigneeId: conversation.assigneeId,
    departmentId: conversation.departmentId,
  };
}

/** Sends a reply; resolves once core has stored it durably (the console shows it as sending until then). */
export async function sendReplyAction(raw: unknown): Promise<TActionResult<TConsoleMessage>> {
  return toActionResult(async () => {
    const input = ZSendReplyInput.parse(raw);
    const { actor, name } = await getActionSession();
    const message = await sendMessage(getHub(), actor, input);
    return {
      id: message.id,
      seq: message.seq,
      author: { type: "member", id: actor.memberId, name },
      body: message.body,
      createdAt: message.createdAt.toISOString(),
    };
  });
}

/** Takes a conversation for oneself. */
export async function claimAction(raw: unknown): Promise<TActionResult<TConsoleConversationState>> {
  return toActionResult(async () => {
    const conversationId = ZConversationId.parse(raw);
    const { actor } = await getActionSession();
    return toState(await claimConversation(getHub(), actor, { conversationId }));
  });
}

/** Hands a conversation to a member, or back to the queue (null). */
export async function assignAction(raw: unknown): Promise<TActionResult<TConsoleConversationState>> {
  return toActionResult(async () => {
    const input = ZAssignInput.parse(raw);
    const { actor } = await getActionSession();
    return toState(await assignConversation(getHub(), actor, input));
  });
}

/** Moves a conversation to another department. */
export async function transferAction(raw: unknown): Promise<TActionResult<TConsoleConversationState>> {
  return toActionResult(async () => {
    const input = ZTransferInput.parse(raw);
    const { actor } = await getActionSession();
    return toState(await transferConversation(getHub(), actor, input));
  });
}

/** Closes a conversation. */
export async function closeAction(raw: unknown): Promise<TActionResult<TConsoleConversationState>> {
  return toActionResult(async () => {
    const conversationId = ZConversationId.parse(raw);
    const { actor } = await getActionSession();
    return toState(await closeConversation(getHub(), actor, { conversationId }));
  });
}

/** Moves the member's read marker to the last message they have seen. */
export async function markReadAction(raw: unknown): Promise<TActionResult<number>> {
  return toActionResult(async () => {
    const input = ZMarkReadInput.parse(raw);
    const { actor } = await getActionSession();
    return (await markRead(getHub(), actor, input)).lastReadSeq;
  });
}
