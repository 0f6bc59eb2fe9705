import type {
  TWidgetConversation,
  TWidgetRealtimeServerFrame,
  TWidgetSessionRequest,
} from "@tawkster/core/widget";
import type { TConsentChoice, TIdentity } from "../protocol";
import { type TWidgetApi, WidgetApiError } from "./api-client";
import { MessageLog, type TChatItem } from "./message-log";
import type { TConnectionStatus, TRealtimeClient } from "./realtime";
import {
  forgetPersistentToken,
  forgetToken,
  readStoredToken,
  storeToken,
  type TTokenStorages,
} from "./token-storage";

/** Everything the view needs to draw the chat. */
export type TChatState = {
  phase: "starting" | "ready" | "unavailable";
  siteName: string | null;
  privacyPolicyUrl: string | null;
  conversation: TWidgetConversation | null;
  items: TChatItem[];
  connection: TConnectionStatus;
  identityVerified: boolean;
};

/** What the chat is told at start-up: the consent and identity the page passed before `ready`. */
export type TChatInit = { consent: TConsentChoice | null; identity: TIdentity | null };

/** Opens the realtime connection with these callbacks (injected so tests can fake it). */
export type TOpenRealtime = (handlers: {
  getAuth: () => { visitorToken: string; origin: string } | null;
  getSubscription: () => { conversationId: string; afterSeq: number } | null;
  onFrame: (frame: TWidgetRealtimeServerFrame) => void;
  onStatus: (status: TConnectionStatus) => void;
}) => TRealtimeClient;

/** The chat's behaviour, without the DOM. */
export type TChat = {
  getState(): TChatState;
  start(init: TChatInit): Promise<void>;
  /** Sends a message; false (and nothing sent) when it is blank, too long or the chat is not ready. */
  send(body: string): boolean;
  retry(clientMessageId: string): Promise<void>;
  setConsent(choice: TConsentChoice): Promise<void>;
  identify(identity: TIdentity): Promise<void>;
  stop(): void;
};

const MAX_BODY_LENGTH = 8000;

/**
 * The chat session: starts or resumes the visitor's session (token from sessionStorage, or from
 * localStorage when functional consent was given), loads the history, keeps the realtime feed
 * subscribed, sends messages with a clientMessageId (over the realtime socket, else over HTTP),
 * and applies consent and identity changes.
 */
export function createChat(deps: {
  siteKey: string;
  parentOrigin: string;
  storages: TTokenStorages;
  createApi: (getToken: () => string | null) => TWidgetApi;
  openRealtime: TOpenRealtime;
  newId: () => string;
  onChange: (state: TChatState) => void;
  /** Timers for sends the hub said to retry later (tests pass manual ones). */
  setTimer?: (run: () => void, ms: number) => unknown;
}): TChat {
  const setTimer = deps.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const { siteKey, storages } = deps;
  const log = new MessageLog();
  let token: string | null = null;
  let visitorId: string | null = null;
  let consent: TConsentChoice | null = null;
  let identity: TIdentity | null = null;
  let realtime: TRealtimeClient | null = null;
  let starting: Promise<void> | null = null;
  let conversationStart: Promise<TWidgetConversation> | null = null;
  const api = deps.createApi(() => token);
  const state: Omit<TChatState, "items"> = {
    phase: "starting",
    siteName: null,
    privacyPolicyUrl: null,
    conversation: null,
    connection: "connecting",
    identityVerified: false,
  };

  const getState = (): TChatState => ({ ...state, items: log.list() });
  const emit = () => deps.onChange(getState());
  const hasFunctionalConsent = () => consent?.functional === true;

  function buildSessionRequest(visitorToken: string | null): TWidgetSessionRequest {
    return {
      siteKey,
      ...(visitorToken === null ? {} : { visitorToken }),
      ...(identity === null ? {} : { identity }),
      ...(consent === null ? {} : { consent }),
    };
  }

  async function requestSession() {
    const stored =
      token ?? readStoredToken(storages, siteKey, { hasFunctionalConsent: hasFunctionalConsent() });
    try {
      return await api.startSession(buildSessionRequest(stored));
    } catch (error) {
      // An expired or revoked token: start afresh as a new visitor rather than fail.
      if (stored === null || !(error instanceof WidgetApiError) || error.status !== 401) throw error;
      forgetToken(storages, siteKey);
      token = null;
      return await api.startSession(buildSessionRequest(null));
    }
  }

  async function openSession(): Promise<void> {
    realtime?.stop();
    realtime = null;
    state.phase = "starting";
    emit();
    try {
      const session = await requestSession();
      keepToken(session.visitorToken, session.persistent);
      if (visitorId !== null && visitorId !== session.visitorId) log.clear();
      visitorId = session.visitorId;
      state.siteName = session.site.name;
      state.privacyPolicyUrl = session.site.privacyPolicyUrl;
      state.identityVerified = session.identityVerified;
      state.conversation = session.conversation;
      if (session.conversation !== null) await loadHistory(session.conversation.id);
      state.phase = "ready";
    } catch {
      state.phase = "unavailable";
    }
    emit();
    if (state.phase === "ready") openFeed();
  }

  function keepToken(visitorToken: string, isPersistent: boolean): void {
    token = visitorToken;
    const isKeptAcrossSessions = isPersistent && hasFunctionalConsent();
    // Consent given but persistence declined by the hub (say, the site is in essential mode):
    // keep no persistent copy. Without consent on this page load we neither read nor delete it:
    // the page's consent manager may simply not have called consent() yet.
    if (hasFunctionalConsent() && !isPersistent) forgetPersistentToken(storages, siteKey);
    storeToken(storages, siteKey, visitorToken, { isPersistent: isKeptAcrossSessions });
  }

  async function loadHistory(conversationId: string): Promise<void> {
    try {
      const history = await api.listMessages(conversationId, log.lastSeq(conversationId));
      log.merge(conversationId, history.messages);
      state.conversation = history.conversation;
    } catch {
      // The realtime subscription resumes from the last seq and fills the gap.
    }
  }

  function openFeed(): void {
    realtime = deps.openRealtime({
      getAuth: () => (token === null ? null : { visitorToken: token, origin: deps.parentOrigin }),
      getSubscription: () => {
        const conversation = state.conversation;
        return conversation === null
          ? null
          : { conversationId: conversation.id, afterSeq: log.lastSeq(conversation.id) };
      },
      onFrame: (frame) => {
        const conversation = state.conversation;
        if (frame.type === "message" && conversation !== null) {
          if (log.merge(conversation.id, [frame.message])) emit();
        } else if (frame.type === "conversation" && frame.conversation.id === conversation?.id) {
          state.conversation = frame.conversation;
          emit();
        } else if (
          frame.type === "error" &&
          frame.error.code === "resource.gone" &&
          frame.clientMessageId === undefined &&
          conversation !== null
        ) {
          // The conversation it follows (a widget follows one) was erased or deleted by the site's
          // retention policy: its messages go from the screen too, and the visitor's next message
          // starts a new conversation.
          state.conversation = null;
          log.clear();
          emit();
        } else if (frame.type === "error" && frame.error.code === "auth.required") {
          realtime?.stop();
          realtime = null;
          state.phase = "unavailable";
          emit();
        }
      },
      onStatus: (status) => {
        state.connection = status;
        emit();
      },
    });
  }

  function ensureConversation(): Promise<TWidgetConversation> {
    const current = state.conversation;
    if (current !== null && current.status !== "closed") return Promise.resolve(current);
    // Two quick messages must not start two conversations.
    conversationStart ??= api.startConversation().then(
      (conversation) => {
        conversationStart = null;
        state.conversation = conversation;
        realtime?.resubscribe();
        return conversation;
      },
      (error: unknown) => {
        conversationStart = null;
        throw error;
      },
    );
    return conversationStart;
  }

  async function deliver(clientMessageId: string): Promise<void> {
    const body = log.pendingBody(clientMessageId);
    if (body === null) return;
    log.setPendingStatus(clientMessageId, "sending");
    emit();
    try {
      const conversation = await ensureConversation();
      const request = { conversationId: conversation.id, body, clientMessageId };
      // Over the realtime socket when it is open; over HTTP when it is not, or when the socket
      // gave no answer (the same clientMessageId: the hub stores the message at most once).
      const answer = realtime === null ? null : await realtime.sendMessage(request);
      if (answer !== null && "code" in answer && answer.retryAfterSeconds !== undefined) {
        // Too many messages: it stays "sending" and goes again once the hub said it may.
        setTimer(() => void deliver(clientMessageId), answer.retryAfterSeconds * 1000);
        return;
      }
      // Refused (closed conversation…): HTTP would refuse it too; the visitor may retry.
      if (answer !== null && "code" in answer) throw new Error(answer.code);
      const message = answer?.message ?? (await api.sendMessage(request));
      log.confirm(conversation.id, clientMessageId, message);
    } catch {
      log.setPendingStatus(clientMessageId, "failed");
    }
    emit();
  }

  async function afterStart(): Promise<void> {
    if (starting !== null) await starting;
  }

  return {
    getState,
    start(init) {
      consent = init.consent;
      identity = init.identity;
      starting = openSession();
      return starting;
    },
    send(body) {
      if (state.phase !== "ready" || body.trim().length === 0 || body.length > MAX_BODY_LENGTH) return false;
      const clientMessageId = deps.newId();
      log.addPending(clientMessageId, body);
      void deliver(clientMessageId);
      return true;
    },
    retry: (clientMessageId) => deliver(clientMessageId),
    async setConsent(choice) {
      consent = choice;
      // Revocation takes effect in this browser at once, whether or not the hub answers.
      if (!choice.functional) forgetPersistentToken(storages, siteKey);
      await afterStart();
      if (state.phase !== "ready" || token === null) return;
      try {
        const answer = await api.setConsent(choice.functional);
        keepToken(answer.visitorToken, answer.persistent);
      } catch {
        // The stored copy already follows the choice; the hub learns it on the next session.
      }
    },
    async identify(next) {
      identity = next;
      await afterStart();
      starting = openSession();
      await starting;
    },
    stop() {
      realtime?.stop();
      realtime = null;
    },
  };
}
