import type { TWidgetMessage } from "@tawkster/core/widget";

/** What a send with a given clientMessageId asked for, and its (possibly still running) result. */
export type TRecentSend = {
  conversationId: string;
  body: string;
  result: Promise<TWidgetMessage>;
};

/**
 * The recent sends of each visitor by clientMessageId, so a retried send (the frame lost the
 * answer, the visitor pressed "retry") returns the message already stored instead of storing a
 * duplicate. A send still in flight is shared too: two concurrent retries wait for one write.
 *
 * Bounded: at most `maxPerVisitor` ids per visitor and `maxVisitors` visitors, the least recently
 * used going first, so a flood of ids cannot grow the process without end.
 *
 * Only a fast path: the database is the authority (messages_client_id, a unique index on
 * workspace, author and client message id, checked by core's sendMessage). A retry that reaches the
 * hub after a restart, after its entry was evicted, or on another instance behind a load balancer
 * misses this map and still gets the stored message from the database; what the map saves is the
 * second encryption, the refused insert and the lookup, and it keeps in-process retries out of the
 * rate limit.
 */
export class RecentMessages {
  readonly #visitors = new Map<string, Map<string, TRecentSend>>();
  readonly #maxVisitors: number;
  readonly #maxPerVisitor: number;

  constructor(options: { maxVisitors?: number; maxPerVisitor?: number } = {}) {
    this.#maxVisitors = options.maxVisitors ?? 10_000;
    this.#maxPerVisitor = options.maxPerVisitor ?? 100;
  }

  /** The recorded send, or undefined. */
  get(visitorId: string, clientMessageId: string): TRecentSend | undefined {
    const sends = this.#visitors.get(visitorId);
    if (sends === undefined) return undefined;
    // Re-inserting keeps the Map in least-recently-used order.
    this.#visitors.delete(visitorId);
    this.#visitors.set(visitorId, sends);
    return sends.get(clientMessageId);
  }

  /** Records a send (before it completes, so concurrent retries find it). */
  set(visitorId: string, clientMessageId: string, send: TRecentSend): void {
    let sends = this.#visitors.get(visitorId);
    if (sends === undefined) {
      sends = new Map();
    } else {
      this.#visitors.delete(visitorId);
    }
    this.#visitors.set(visitorId, sends);
    sends.delete(clientMessageId);
    sends.set(clientMessageId, send);
    while (sends.size > this.#maxPerVisitor) {
      const oldest = sends.keys().next().value;
      if (oldest === undefined) break;
      sends.delete(oldest);
    }
    while (this.#visitors.size > this.#maxVisitors) {
      const oldest = this.#visitors.keys().next().value;
      if (oldest === undefined) break;
      this.#visitors.delete(oldest);
    }
  }

  /** Forgets a send (it failed, so a retry must really try again). */
  delete(visitorId: string, clientMessageId: string, send: TRecentSend): void {
    const sends = this.#visitors.get(visitorId);
    if (sends?.get(clientMessageId) !== send) return;
    sends.delete(clientMessageId);
    if (sends.size === 0) this.#visitors.delete(visitorId);
  }

  /** How many visitors are tracked (for tests). */
  get visitorCount(): number {
    return this.#visitors.size;
  }

  /** How many sends of one visitor are tracked (for tests). */
  countOf(visitorId: string): number {
    return this.#visitors.get(visitorId)?.size ?? 0;
  }
}
