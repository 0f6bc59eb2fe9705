// The widget frame: the chat UI inside the iframe the loader adds to a website.
//
// Contract with the hub (frame-html.ts renders it; the hub must use that function):
//   <body data-site-key="site_…"                       the site's public key (core's ZSiteKey)
//         data-parent-origin="https://shop.example.com" the embedding page's origin, normalized;
//                                                       the hub has checked it against the site's
//                                                       allowed domains (isOriginAllowed)
//         data-hub-origin="https://chat.example.net">   the hub's public origin: base of the API
//                                                       and of the realtime WebSocket
// and loads this script and frame.css with the CSP nonce of the response. Anything missing or
// malformed leaves the frame inert.
//
// Talks to its parent only by postMessage, targeting data-parent-origin, and accepts only
// messages whose source is the parent window and whose origin is data-parent-origin.
import { PROTOCOL_TAG, readParentMessage, type TFrameMessage } from "../protocol";
import { createWidgetApi } from "./api-client";
import { API_PATHS } from "./api-paths";
import { createChat, type TChatInit } from "./chat";
import { createUuid } from "./create-uuid";
import { readFrameConfig, toRealtimeUrl } from "./frame-config";
import { connectRealtime } from "./realtime";
import type { TTokenStorages } from "./token-storage";
import { mountChatView } from "./view";

// The loader answers `ready` at once; this only guards against a loader that never does.
const INIT_TIMEOUT_MS = 5_000;

function openStorages(): TTokenStorages {
  // Reading the properties themselves throws when storage is blocked.
  const read = (name: "sessionStorage" | "localStorage") => {
    try {
      return window[name];
    } catch {
      return null;
    }
  };
  return { session: read("sessionStorage"), local: read("localStorage") };
}

function boot(): void {
  const config = readFrameConfig(document.body.dataset);
  // Not framed (opened as a page of its own), or framed by someone else than the page the hub
  // checked: stay inert. ancestorOrigins exists in Chromium and WebKit only; frame-ancestors
  // already holds elsewhere.
  if (config === null || window.parent === window) return;
  const ancestor = window.location.ancestorOrigins?.[0];
  if (ancestor !== undefined && ancestor !== config.parentOrigin) return;

  const postToParent = (message: TFrameMessage) => window.parent.postMessage(message, config.parentOrigin);
  const root = document.createElement("main");
  root.className = "tw-app";
  document.body.append(root);

  let initial: TChatInit = { consent: null, identity: null };
  const view = mountChatView(root, {
    send: (text) => chat.send(text),
    retry: (clientMessageId) => void chat.retry(clientMessageId),
    reconnect: () => void chat.start(initial),
    close: () => postToParent({ tag: PROTOCOL_TAG, type: "close" }),
  });
  const chat = createChat({
    siteKey: config.siteKey,
    parentOrigin: config.parentOrigin,
    storages: openStorages(),
    createApi: (getToken) =>
      createWidgetApi({
        hubOrigin: config.hubOrigin,
        parentOrigin: config.parentOrigin,
        getToken,
        fetch: (input, init) => window.fetch(input, init),
      }),
    openRealtime: (handlers) =>
      connectRealtime({
        url: toRealtimeUrl(config.hubOrigin, API_PATHS.realtime),
        createSocket: (url) => new WebSocket(url),
        ...handlers,
      }),
    newId: () => createUuid(),
    onChange: (state) => view.render(state),
  });

  view.render(chat.getState());

  let hasStarted = false;
  const start = () => {
    if (hasStarted) return;
    hasStarted = true;
    void chat.start(initial);
  };
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || event.origin !== config.parentOrigin) return;
    const message = readParentMessage(event.data);
    if (message === null) return;
    if (message.type === "init" && !hasStarted) {
      initial = { consent: message.consent, identity: message.identity };
      start();
    } else if (message.type === "init") {
      // Late (after the fallback start): apply what it carries as if it came one by one.
      if (message.consent !== null) void chat.setConsent(message.consent);
      if (message.identity !== null) void chat.identify(message.identity);
    } else if (message.type === "open") {
      view.focusComposer();
    } else if (message.type === "consent") {
      initial = { ...initial, consent: message.consent };
      if (hasStarted) void chat.setConsent(message.consent);
    } else if (message.type === "identify") {
      initial = { ...initial, identity: message.identity };
      if (hasStarted) void chat.identify(message.identity);
    }
  });
  postToParent({ tag: PROTOCOL_TAG, type: "ready" });
  setTimeout(start, INIT_TIMEOUT_MS);
}

boot();
