"use client";
import { useActionState, useState } from "react";
import { IDLE_FORM, type TFormState } from "../../lib/console/form-state";
import { FormMessage } from "./form-message";

type TProps = {
  action: (state: TFormState, formData: FormData) => Promise<TFormState>;
  /** Hidden fields the action needs (ids). */
  fields: Readonly<Record<string, string>>;
  /** The first button ("Rotate secret…"). */
  label: string;
  /** What the member confirms ("Rotating breaks…"). */
  question: string;
  confirmLabel: string;
  isDanger?: boolean;
};

/**
 * A two-step action: the first button asks, the second does it. No `window.confirm`, so the
 * question is part of the page (readable, styleable, and reachable by keyboard).
 */
export function ConfirmAction({ action, fields, label, question, confirmLabel, isDanger = false }: TProps) {
  const [isAsking, setAsking] = useState(false);
  const [state, formAction, isPending] = useActionState(async (previous: TFormState, formData: FormData) => {
    const next = await action(previous, formData);
    setAsking(false);
    return next;
  }, IDLE_FORM);
  const buttonClass = `c-button${isDanger ? " c-button--danger" : ""}`;
  return (
    <div>
      {isAsking ? (
        <form action={formAction} className="c-form--inline">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <p role="alert" className="c-alert c-alert--warn">
            {question}
          </p>
          <button type="submit" className={buttonClass} disabled={isPending}>
            {confirmLabel}
          </button>
          <button type="button" className="c-button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className={buttonClass} onClick={() => setAsking(true)}>
          {label}
        </button>
      )}
      <FormMessage state={state} />
    </div>
  );
}
