import type { TWidgetMessage, TWidgetMessageAuthor } from "@tawkster/core/widget";

/** One line of the chat as the view shows it. */
export type TChatItem = {
  /** Stable across "sending…" → sent, so the view updates the same element in place. */
  key: string;
  author: TWidgetMessageAuthor;
  agentName: string | null;
  body: string;
  createdAt: string | null;
  status: "sent" | "sending" | "failed";
  /** Set for the visitor's own unsent messages (needed to retry them). */
  clientMessageId: string | null;
};

type TConfirmed = { key: string; conversationId: string; message: TWidgetMessage };
type TPending = { clientMessageId: string; body: string; status: "sending" | "failed" };

/**
 * The messages of the chat, merged from the history call, the realtime feed and send
 * acknowledgements, which overlap (a reconnect replays from the last seq seen; the visitor's own
 * message comes back on the feed, maybe before its 201). Deduplicated by message id and by
 * (conversation, seq); ordered by conversation, then seq; unsent messages last.
 */
export class MessageLog {
  private readonly conversations: string[] = [];
  private readonly byId = new Map<string, TConfirmed>();
  private readonly seqs = new Set<string>();
  private pending: TPending[] = [];

  /** Adds messages of a conversation; returns whether anything new was added. */
  merge(conversationId: string, messages: readonly TWidgetMessage[]): boolean {
    let isChanged = false;
    for (const message of messages) {
      if (this.add(conversationId, message, null)) isChanged = true;
    }
    return isChanged;
  }

  /** Forgets everything (another visitor now: their history is not this one's). */
  clear(): void {
    this.conversations.length = 0;
    this.byId.clear();
    this.seqs.clear();
    this.pending = [];
  }

  /** The highest seq seen in a conversation (0 when none): where a resubscription resumes. */
  lastSeq(conversationId: string): number {
    let last = 0;
    for (const entry of this.byId.values()) {
      if (entry.conversationId === conversationId && entry.message.seq > last) last = entry.message.seq;
    }
    return last;
  }

  /** Shows the visitor's message as "sending…" until it is acknowledged. */
  addPending(clientMessageId: string, body: string): void {
    this.pending.push({ clientMessageId, body, status: "sending" });
  }

  /** The body of an unsent message (for a retry), or null. */
  pendingBody(clientMessageId: string): string | null {
    return this.pending.find((entry) => entry.clientMessageId === clientMessageId)?.body ?? null;
  }

  /** Marks an unsent message as sending again (retry) or failed. */
  setPendingStatus(clientMessageId: string, status: TPending["status"]): void {
    const entry = this.pending.find((item) => item.clientMessageId === clientMessageId);
    if (entry) entry.status = status;
  }

  /** Replaces an unsent message by the stored one the hub acknowledged (201). */
  confirm(conversationId: string, clientMessageId: string, message: TWidgetMessage): void {
    this.pending = this.pending.filter((entry) => entry.clientMessageId !== clientMessageId);
    const known = this.byId.get(message.id);
    // Already here from the feed, adopted by body: keep that key; otherwise reuse the pending one.
    if (!known) this.add(conversationId, message, clientMessageId);
  }

  /** Everything to show, in order. */
  list(): TChatItem[] {
    const order = (id: string) => this.conversations.indexOf(id);
    const confirmed = [...this.byId.values()].sort(
      (a, b) => order(a.conversationId) - order(b.conversationId) || a.message.seq - b.message.seq,
    );
    return [
      ...confirmed.map(({ key, message }) => ({
        key,
        author: message.author,
        agentName: message.agentName ?? null,
        body: message.body,
        createdAt: message.createdAt,
        status: "sent" as const,
        clientMessageId: null,
      })),
      ...this.pending.map((entry) => ({
        key: entry.clientMessageId,
        author: "visitor" as const,
        agentName: null,
        body: entry.body,
        createdAt: null,
        status: entry.status,
        clientMessageId: entry.clientMessageId,
      })),
    ];
  }

  private add(conversationId: string, message: TWidgetMessage, key: string | null): boolean {
    const seqKey = `${conversationId}:${message.seq}`;
    if (this.byId.has(message.id) || this.seqs.has(seqKey)) return false;
    if (!this.conversations.includes(conversationId)) this.conversations.push(conversationId);
    this.byId.set(message.id, {
      key: key ?? this.adoptPending(message) ?? message.id,
      conversationId,
      message,
    });
    this.seqs.add(seqKey);
    return true;
  }

  // The visitor's own message can arrive on the feed before its 201: it then takes the place of
  // the oldest unsent message with the same body instead of showing twice.
  private adoptPending(message: TWidgetMessage): string | null {
    if (message.author !== "visitor") return null;
    const index = this.pending.findIndex(
      (entry) => entry.status === "sending" && entry.body === message.body,
    );
    if (index < 0) return null;
    const [entry] = this.pending.splice(index, 1);
    return entry?.clientMessageId ?? null;
  }
}
