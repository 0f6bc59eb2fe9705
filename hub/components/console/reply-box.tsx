"use client";
import { type KeyboardEvent, useId, useState } from "react";

type TProps = { onSend: (body: string) => void; disabled?: boolean };

/** The reply field: Enter sends, Shift+Enter starts a new line (and Enter inside an IME composes). */
export function ReplyBox({ onSend, disabled = false }: TProps) {
  const [body, setBody] = useState("");
  const id = useId();
  const hintId = `${id}-hint`;

  const submit = () => {
    if (body.trim().length === 0 || disabled) return;
    onSend(body);
    setBody("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="c-reply"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id}>Reply</label>
      <textarea
        id={id}
        name="body"
        value={body}
        maxLength={8000}
        aria-describedby={hintId}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={disabled}
      />
      <div className="c-reply__row">
        <span id={hintId} className="c-field__hint">
          Enter sends, Shift+Enter adds a line.
        </span>
        <button
          type="submit"
          className="c-button c-button--primary"
          disabled={disabled || body.trim().length === 0}
        >
          Send
        </button>
      </div>
    </form>
  );
}
