// The widget loader: the one script a website embeds.
//   <script src="https://HUB/widget.js" data-site="site_…" async></script>
// It adds a launcher button and the chat iframe (served by the hub), and exposes
// window.Tawkster = { open(), close(), consent({ functional }), identify({ email, name, userHash }) }.
// It stores nothing (no cookies, no storage) and talks to the frame only by postMessage, with the
// hub's origin as target and as the only origin it accepts messages from.
import { readLoaderConfig } from "./loader-config";
import {
  PROTOCOL_TAG,
  readConsent,
  readFrameMessage,
  readIdentity,
  type TConsentChoice,
  type TIdentity,
  type TParentMessage,
} from "./protocol";

/** The page-facing API. */
type TTawkster = {
  open(): void;
  close(): void;
  consent(choice: TConsentChoice): void;
  identify(identity: TIdentity): void;
};

declare global {
  interface Window {
    Tawkster?: TTawkster;
  }
}

// A frame that is not ready by then was refused (origin not allowed) or cannot load: no widget.
const READY_TIMEOUT_MS = 15_000;
const PHONE_QUERY = "(max-width: 480px)";
const SANDBOX = "allow-scripts allow-same-origin allow-forms allow-popups";
const SVG_NS = "http://www.w3.org/2000/svg";

type TStyles = Record<string, string>;

// Inline styles through the CSSOM: allowed under any page CSP (a style attribute is not), and
// `important` so the page's own CSS cannot restyle or hide parts of the widget by accident.
function applyStyles(node: HTMLElement | SVGElement, styles: TStyles): void {
  for (const [name, value] of Object.entries(styles)) node.style.setProperty(name, value, "important");
}

const LAUNCHER_STYLES: TStyles = {
  position: "fixed",
  right: "20px",
  bottom: "20px",
  width: "56px",
  height: "56px",
  margin: "0",
  padding: "0",
  border: "0",
  "border-radius": "50%",
  background: "#1d4ed8",
  color: "#fff",
  cursor: "pointer",
  "box-shadow": "0 4px 12px rgba(0,0,0,.25)",
  "z-index": "2147483000",
  display: "none",
  "align-items": "center",
  "justify-content": "center",
};

const FRAME_STYLES: TStyles = {
  position: "fixed",
  border: "0",
  margin: "0",
  padding: "0",
  background: "#fff",
  "color-scheme": "normal",
  "z-index": "2147483001",
  display: "none",
};

const DESKTOP_FRAME: TStyles = {
  right: "20px",
  bottom: "20px",
  left: "auto",
  top: "auto",
  width: "370px",
  height: "600px",
  "max-width": "calc(100vw - 40px)",
  "max-height": "calc(100vh - 40px)",
  "border-radius": "12px",
  "box-shadow": "0 8px 32px rgba(0,0,0,.25)",
};

const PHONE_FRAME: TStyles = {
  right: "0",
  bottom: "0",
  left: "0",
  top: "0",
  width: "100%",
  height: "100%",
  "max-width": "100%",
  "max-height": "100%",
  "border-radius": "0",
  "box-shadow": "none",
};

function findOwnScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.site) return current;
  return document.querySelector<HTMLScriptElement>("script[data-site]");
}

function createChatIcon(): SVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "28");
  svg.setAttribute("height", "28");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
  svg.append(path);
  applyStyles(svg, { display: "block", "pointer-events": "none" });
  return svg;
}

function install(script: HTMLScriptElement): void {
  const config = readLoaderConfig({
    scriptSrc: script.src,
    siteKey: script.dataset.site,
    pageOrigin: window.location.origin,
  });
  if (config === null) {
    console.warn("Tawkster: the widget script needs a valid data-site key and an http(s) page.");
    return;
  }
  const { hubOrigin } = config;

  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.setAttribute("aria-label", "Open chat");
  launcher.setAttribute("aria-expanded", "false");
  launcher.append(createChatIcon());
  applyStyles(launcher, LAUNCHER_STYLES);

  const frame = document.createElement("iframe");
  frame.title = "Chat";
  frame.setAttribute("sandbox", SANDBOX);
  // The page's URL may carry personal data in its path or query; the hub needs only the origin.
  frame.referrerPolicy = "no-referrer";
  frame.src = config.frameUrl;
  applyStyles(frame, FRAME_STYLES);

  const phone = window.matchMedia(PHONE_QUERY);
  const layout = () => applyStyles(frame, phone.matches ? PHONE_FRAME : DESKTOP_FRAME);
  layout();
  if (typeof phone.addEventListener === "function") phone.addEventListener("change", layout);

  // Calls made before the frame is ready are kept as their latest effect and replayed on ready.
  let isReady = false;
  let isRemoved = false;
  let wantsOpen = false;
  let consent: TConsentChoice | null = null;
  let identity: TIdentity | null = null;

  const post = (message: TParentMessage) => {
    if (isReady) frame.contentWindow?.postMessage(message, hubOrigin);
  };

  const show = () => {
    applyStyles(frame, { display: "block" });
    applyStyles(launcher, { display: "none" });
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
    post({ tag: PROTOCOL_TAG, type: "open" });
  };

  const hide = () => {
    const hadFocus = document.activeElement === frame;
    applyStyles(frame, { display: "none" });
    applyStyles(launcher, { display: "flex" });
    launcher.setAttribute("aria-expanded", "false");
    if (hadFocus) launcher.focus();
  };

  const remove = () => {
    isRemoved = true;
    launcher.remove();
    frame.remove();
    window.removeEventListener("message", onMessage);
  };

  function onMessage(event: MessageEvent): void {
    if (event.origin !== hubOrigin || event.source !== frame.contentWindow) return;
    const message = readFrameMessage(event.data);
    if (message === null) return;
    if (message.type === "ready") {
      isReady = true;
      post({ tag: PROTOCOL_TAG, type: "init", consent, identity });
      if (wantsOpen) show();
      else hide();
    } else if (message.type === "close") {
      wantsOpen = false;
      hide();
      launcher.focus();
    }
  }

  const mount = () => {
    window.addEventListener("message", onMessage);
    launcher.addEventListener("click", () => api.open());
    document.body.append(launcher, frame);
    window.setTimeout(() => {
      if (!isReady) remove();
    }, READY_TIMEOUT_MS);
  };
  // An async script may run before <body> exists; the API is usable (queued) at once anyway.
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });

  const api: TTawkster = {
    open() {
      wantsOpen = true;
      if (isReady && !isRemoved) show();
    },
    close() {
      wantsOpen = false;
      if (isReady && !isRemoved) hide();
    },
    consent(choice) {
      const value = readConsent(choice);
      if (value === null) return console.warn("Tawkster.consent expects { functional: boolean }.");
      consent = value;
      post({ tag: PROTOCOL_TAG, type: "consent", consent: value });
    },
    identify(input) {
      const value = readIdentity(input);
      if (value === null) return console.warn("Tawkster.identify expects { email, name?, userHash }.");
      identity = value;
      post({ tag: PROTOCOL_TAG, type: "identify", identity: value });
    },
  };
  window.Tawkster = api;
}

function main(): void {
  if (window.Tawkster) return;
  const script = findOwnScript();
  if (script !== null) install(script);
}

main();
