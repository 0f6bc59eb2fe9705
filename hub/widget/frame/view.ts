import type { TChatState } from "./chat";
import type { TChatItem } from "./message-log";

/** What the visitor can do in the view. */
export type TViewActions = {
  /** Returns whether the text was accepted (then the textarea is cleared). */
  send(text: string): boolean;
  retry(clientMessageId: string): void;
  reconnect(): void;
  close(): void;
};

/** The rendered chat. */
export type TChatView = { render(state: TChatState): void; focusComposer(): void };

// Every string from the hub or the visitor reaches the page through textContent only, never
// innerHTML, so any message body round-trips as text, whatever markup it contains.

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Builds the chat UI into `root` and returns how to update it. */
export function mountChatView(root: HTMLElement, actions: TViewActions): TChatView {
  const header = el("header", "tw-header");
  const title = el("h1", "tw-title", "Chat");
  const closeButton = el("button", "tw-close", "×");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", "Close chat");
  header.append(title, closeButton);

  const scroller = el("div", "tw-scroll");
  const notice = el("p", "tw-notice");
  const log = el("div", "tw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  // Announce new messages only, not every "sending…" that turns into a sent message.
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", "Conversation");
  scroller.append(notice, log);

  const status = el("p", "tw-status");
  status.setAttribute("role", "status");
  const retryStart = el("button", "tw-link", "Try again");
  retryStart.type = "button";

  const form = el("form", "tw-composer");
  const label = el("label", "tw-sr", "Message");
  label.htmlFor = "tw-input";
  const input = el("textarea", "tw-input");
  input.id = "tw-input";
  input.rows = 2;
  input.maxLength = 8000;
  input.placeholder = "Write a message…";
  const sendButton = el("button", "tw-send", "Send");
  sendButton.type = "submit";
  form.append(label, input, sendButton);
  root.append(header, scroller, status, form);

  const submit = () => {
    if (actions.send(input.value)) input.value = "";
    input.focus();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter is a newline; never while an IME is composing a character.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  closeButton.addEventListener("click", () => actions.close());
  retryStart.addEventListener("click", () => actions.reconnect());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") actions.close();
  });

  const rows = new Map<string, { row: HTMLElement; render: (item: TChatItem) => void }>();

  function createRow(): { row: HTMLElement; render: (item: TChatItem) => void } {
    const row = el("div", "tw-msg");
    const meta = el("p", "tw-meta");
    const author = el("span", "tw-author");
    const time = el("span", "tw-time");
    const state = el("span", "tw-state");
    const body = el("p", "tw-body");
    const retry = el("button", "tw-link", "retry");
    retry.type = "button";
    meta.append(author, time, state);
    row.append(meta, body);
    let last: TChatItem | null = null;
    return {
      row,
      render(item) {
        if (
          last &&
          last.status === item.status &&
          last.body === item.body &&
          last.createdAt === item.createdAt
        ) {
          return;
        }
        last = item;
        row.className = `tw-msg tw-msg--${item.author}${item.status === "failed" ? " tw-msg--failed" : ""}`;
        author.textContent = authorLabel(item);
        time.textContent = item.createdAt === null ? "" : formatTime(item.createdAt);
        body.textContent = item.body;
        state.textContent =
          item.status === "sending" ? "sending…" : item.status === "failed" ? "failed — " : "";
        retry.onclick =
          item.clientMessageId === null ? null : () => actions.retry(item.clientMessageId ?? "");
        if (item.status === "failed") state.append(retry);
      },
    };
  }

  function renderItems(items: TChatItem[]): void {
    const wasAtBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    const keep = new Set(items.map((item) => item.key));
    for (const [key, entry] of rows) {
      if (!keep.has(key)) {
        entry.row.remove();
        rows.delete(key);
      }
    }
    let previous: Element | null = null;
    for (const item of items) {
      let entry = rows.get(item.key);
      if (!entry) {
        entry = createRow();
        rows.set(item.key, entry);
      }
      entry.render(item);
      const expected: Element | null =
        previous === null ? log.firstElementChild : previous.nextElementSibling;
      if (expected !== entry.row) log.insertBefore(entry.row, expected);
      previous = entry.row;
    }
    if (wasAtBottom) scroller.scrollTop = scroller.scrollHeight;
  }

  function renderNotice(state: TChatState): void {
    const site = state.siteName ?? "This website";
    notice.textContent = `By chatting you agree that ${site} receives and stores your messages`;
    if (state.privacyPolicyUrl === null) {
      notice.append(".");
      return;
    }
    const link = el("a", "tw-link", "privacy policy");
    link.href = state.privacyPolicyUrl;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    notice.append(" as described in its ", link, ".");
  }

  let lastNoticeKey = "";
  return {
    render(state) {
      title.textContent = state.siteName ?? "Chat";
      const noticeKey = `${state.siteName}\n${state.privacyPolicyUrl}`;
      if (noticeKey !== lastNoticeKey) {
        lastNoticeKey = noticeKey;
        renderNotice(state);
      }
      renderItems(state.items);
      const isReady = state.phase === "ready";
      sendButton.disabled = !isReady;
      status.textContent = statusText(state);
      if (state.phase === "unavailable") status.append(" ", retryStart);
      if (state.conversation?.status === "closed" && isReady) {
        status.textContent = "This conversation has ended. Send a message to start a new one.";
      }
    },
    focusComposer() {
      input.focus();
    },
  };
}

function statusText(state: TChatState): string {
  if (state.phase === "starting") return "Connecting…";
  if (state.phase === "unavailable") return "The chat is unavailable right now.";
  if (state.connection === "offline") return "Reconnecting…";
  return "";
}

function authorLabel(item: TChatItem): string {
  if (item.author === "visitor") return "You";
  if (item.author === "agent") return item.agentName ?? "Agent";
  return "Notice";
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}
