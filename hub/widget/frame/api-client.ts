import type {
  TWidgetConsentResponse,
  TWidgetConversation,
  TWidgetListMessagesResponse,
  TWidgetMessage,
  TWidgetSessionRequest,
  TWidgetSessionResponse,
} from "@tawkster/core/widget";
import { API_PATHS, ORIGIN_HEADER } from "./api-paths";
import {
  readConsentResponse,
  readErrorCode,
  readListMessagesResponse,
  readSendMessageResponse,
  readSessionResponse,
  readStartConversationResponse,
} from "./read-responses";

/** A failed widget API call: the HTTP status (0 when the network failed) and the error code. */
export class WidgetApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string) {
    super(`Widget API call failed (${status} ${code})`);
    this.name = "WidgetApiError";
    this.status = status;
    this.code = code;
  }
}

/** The calls the frame makes to the hub. */
export type TWidgetApi = {
  startSession(request: TWidgetSessionRequest): Promise<TWidgetSessionResponse>;
  startConversation(): Promise<TWidgetConversation>;
  sendMessage(request: {
    conversationId: string;
    body: string;
    clientMessageId: string;
  }): Promise<TWidgetMessage>;
  listMessages(conversationId: string, afterSeq: number): Promise<TWidgetListMessagesResponse>;
  setConsent(functional: boolean): Promise<TWidgetConsentResponse>;
};

/**
 * The widget API client. Every call names the embedding page in the origin header; all but the
 * session call carry the visitor token as a Bearer token (the session call has it in its body).
 * No cookies are sent or accepted, and no answer is cached.
 */
export function createWidgetApi(options: {
  hubOrigin: string;
  parentOrigin: string;
  getToken: () => string | null;
  fetch: typeof fetch;
}): TWidgetApi {
  const { hubOrigin, parentOrigin, getToken } = options;

  async function call<T>(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    read: (json: unknown) => T | null,
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json", [ORIGIN_HEADER]: parentOrigin };
    const token = path === API_PATHS.session ? null : getToken();
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await options.fetch(`${hubOrigin}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
        referrerPolicy: "no-referrer",
      });
    } catch {
      throw new WidgetApiError(0, "network.failed");
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new WidgetApiError(response.status, readErrorCode(json) ?? "unknown");
    const value = read(json);
    if (value === null) throw new WidgetApiError(response.status, "response.invalid");
    return value;
  }

  return {
    startSession: (request) => call("POST", API_PATHS.session, request, readSessionResponse),
    startConversation: () => call("POST", API_PATHS.conversations, {}, readStartConversationResponse),
    sendMessage: (request) => call("POST", API_PATHS.messages, request, readSendMessageResponse),
    listMessages: (conversationId, afterSeq) => {
      const query = `conversationId=${encodeURIComponent(conversationId)}&afterSeq=${afterSeq}`;
      return call("GET", `${API_PATHS.messages}?${query}`, undefined, readListMessagesResponse);
    },
    setConsent: (functional) => call("POST", API_PATHS.consent, { functional }, readConsentResponse),
  };
}
