"use client";
import { authorize, type TMemberActor } from "@tawkster/core/rbac";
import type { TConsoleConversationState, TConsoleMessage } from "@tawkster/core/schemas";
import Link from "next/link";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import {
  assignAction,
  claimAction,
  closeAction,
  markReadAction,
  sendReplyAction,
  transferAction,
} from "../../lib/console/conversation-actions";
import { StatusBadge } from "./badges";
import { ConversationControls, type TAssignableMember } from "./conversation-controls";
import { DocumentTitle } from "./document-title";
import { LiveStatus } from "./live-status";
import { withoutDelivered } from "./pending-replies";
import { ReplyBox } from "./reply-box";
import { type TPendingReply, Transcript } from "./transcript";
import { useConsoleSocket } from "./use-console-socket";

type TProps = {
  actor: TMemberActor;
  myName: string;
  visitorLabel: string;
  initialState: TConsoleConversationState & { visitorId: string };
  initialMessages: TConsoleMessage[];
  members: TAssignableMember[];
  departments: { id: string; name: string }[];
  /** The visitor's details, rendered on the server. */
  visitorPanel: ReactNode;
};

/** Adds messages by seq, once each, in order (a reply comes back both from its action and live). */
function mergeMessages(
  current: readonly TConsoleMessage[],
  incoming: readonly TConsoleMessage[],
): TConsoleMessage[] {
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function isVisible(): boolean {
  return typeof document !== "undefined" && document.visibilityState === "visible";
}

/**
 * One conversation, live: the transcript (resumed over the realtime socket from the last seq it
 * has), the reply box, the actions, the read marker (moved as messages are seen, i.e. while the
 * tab is visible) and the tab title with the count of messages not seen yet. When the hub says the
 * conversation is gone (erased, or deleted by retention), the page lets go of everything it showed.
 */
export function ConversationView(props: TProps) {
  const { actor, initialState } = props;
  const conversationId = initialState.id;
  const [messages, setMessages] = useState(props.initialMessages);
  const [pending, setPending] = useState<TPendingReply[]>([]);
  const [state, setState] = useState(initialState);
  const [unseen, setUnseen] = useState(0);
  const lastSeq = messages.at(-1)?.seq ?? 0;
  const lastSeqRef = useRef(lastSeq);
  lastSeqRef.current = lastSeq;
  const markedRef = useRef(0);
  const logRef = useRef<HTMLDivElement>(null);
  const nextLocalId = useRef(0);
  /** The hub's notice once the conversation is gone; from then on nothing of it stays on screen. */
  const [goneNotice, setGoneNotice] = useState<string | null>(null);
  const isGoneRef = useRef(false);

  const status = useConsoleSocket({
    onOpen: (send) => {
      // A deleted conversation is not followed again after a reconnection: there is nothing left.
      if (!isGoneRef.current) send({ type: "subscribe", conversationId, afterSeq: lastSeqRef.current });
    },
    onFrame: (frame) => {
      if (isGoneRef.current) return;
      // This socket follows this one conversation only, so a "gone" error is about it.
      if (frame.type === "error" && frame.error.code === "resource.gone") {
        isGoneRef.current = true;
        setGoneNotice(frame.error.message);
        setMessages([]);
        setPending([]);
        setUnseen(0);
      } else if (frame.type === "message" && frame.conversationId === conversationId) {
        const { message } = frame;
        setMessages((current) => mergeMessages(current, [message]));
        if (message.author.id === actor.memberId) {
          // This agent's own reply can arrive here before its send has answered: it is stored
          // then, so the placeholder showing it as "sending" goes (or the reply would show twice).
          setPending((list) => withoutDelivered(list, message.body));
        } else if (!isVisible()) setUnseen((n) => n + 1);
      } else if (frame.type === "conversation" && frame.conversation.id === conversationId) {
        setState((current) => ({ ...current, ...frame.conversation }));
      }
    },
  });

  // Move the read marker to what is on screen, whenever the tab shows it.
  const markSeen = useCallback(() => {
    if (!isVisible() || isGoneRef.current) return;
    setUnseen(0);
    const seq = lastSeqRef.current;
    if (seq <= markedRef.current) return;
    markedRef.current = seq;
    void markReadAction({ conversationId, seq });
  }, [conversationId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again on purpose when a message arrives or a reply is queued.
  useEffect(() => {
    markSeen();
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [lastSeq, pending.length, markSeen]);

  useEffect(() => {
    document.addEventListener("visibilitychange", markSeen);
    return () => document.removeEventListener("visibilitychange", markSeen);
  }, [markSeen]);

  const send = (body: string) => {
    const localId = `local-${nextLocalId.current++}`;
    setPending((list) => [...list, { localId, body, state: "sending" }]);
    void sendReplyAction({ conversationId, body }).then((result) => {
      if (result.ok) {
        setPending((list) => list.filter((p) => p.localId !== localId));
        setMessages((current) => mergeMessages(current, [result.value]));
      } else {
        setPending((list) =>
          list.map((p) => (p.localId === localId ? { ...p, state: "failed", error: result.error } : p)),
        );
      }
    });
  };

  if (goneNotice !== null) return <GoneConversation notice={goneNotice} />;

  const resource = { type: "conversation" as const, workspaceId: actor.workspaceId, ...state };
  const canReply = state.status !== "closed" && authorize(actor, "conversation.reply", resource).allowed;
  const onChanged = (next: TConsoleConversationState) => setState((current) => ({ ...current, ...next }));
  const departmentName =
    props.departments.find((d) => d.id === state.departmentId)?.name ?? "Unknown department";
  const assigneeName =
    state.assigneeId === null
      ? "Unassigned"
      : (props.members.find((m) => m.id === state.assigneeId)?.name ?? "Former member");

  return (
    <>
      <div className="c-page-head">
        <h1>Conversation with {props.visitorLabel}</h1>
        <Link href="/console">Back to the inbox</Link>
      </div>
      <div className="c-conversation">
        <DocumentTitle title={props.visitorLabel} unread={unseen} />
        <section aria-labelledby="transcript-heading">
          <div className="c-page-head">
            <h2 id="transcript-heading" className="c-sr-only">
              Messages
            </h2>
            <p className="c-msg__meta">
              <StatusBadge status={state.status} /> <span>{departmentName}</span>{" "}
              <span>Assignee: {assigneeName}</span>
            </p>
            <LiveStatus status={status} />
          </div>
          <Transcript messages={messages} pending={pending} myName={props.myName} logRef={logRef} />
          {canReply ? (
            <ReplyBox onSend={send} />
          ) : (
            <p className="c-muted">
              {state.status === "closed"
                ? "This conversation is closed."
                : "Claim this conversation to reply."}
            </p>
          )}
        </section>
        <aside className="c-side" aria-label="Visitor and actions">
          {props.visitorPanel}
          <section className="c-card" aria-labelledby="actions-heading">
            <h2 id="actions-heading">Actions</h2>
            <ConversationControls
              actor={actor}
              state={state}
              members={props.members}
              departments={props.departments}
              onChanged={onChanged}
              actions={{
                claim: () => claimAction(conversationId),
                assign: (assigneeId) => assignAction({ conversationId, assigneeId }),
                transfer: (departmentId) => transferAction({ conversationId, departmentId }),
                close: () => closeAction(conversationId),
              }}
            />
          </section>
        </aside>
      </div>
    </>
  );
}

/**
 * What replaces a conversation the hub deleted while it was open (erased on request, or past its
 * retention period): the transcript, the visitor's details and the actions are gone from the page,
 * as they are from the store; the hub's notice names the conversation and why.
 */
function GoneConversation({ notice }: { notice: string }) {
  return (
    <section aria-labelledby="gone-heading">
      <DocumentTitle title="Conversation deleted" />
      <div className="c-page-head">
        <h1 id="gone-heading">Conversation deleted</h1>
        <Link href="/console">Back to the inbox</Link>
      </div>
      <p className="c-alert c-alert--warn" role="status">
        {notice} Its messages and the visitor's details can no longer be shown.
      </p>
    </section>
  );
}
