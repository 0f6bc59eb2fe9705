"use client";
import { type ReactNode, useActionState } from "react";
import { IDLE_FORM, type TFormState } from "../../lib/console/form-state";
import { FormMessage } from "./form-message";

type TProps = {
  action: (state: TFormState, formData: FormData) => Promise<TFormState>;
  submitLabel: string;
  children: ReactNode;
  className?: string;
  /** Names the form for assistive technology when several similar ones share a page. */
  label?: string;
  submitClassName?: string;
};

/** A settings form bound to a server action, with its answer shown below (errors as an alert). */
export function ActionForm({
  action,
  submitLabel,
  children,
  className = "c-form",
  label,
  submitClassName,
}: TProps) {
  const [state, formAction, isPending] = useActionState(action, IDLE_FORM);
  return (
    <form action={formAction} className={className} aria-label={label}>
      {children}
      <div>
        <button
          type="submit"
          className={submitClassName ?? "c-button c-button--primary"}
          disabled={isPending}
        >
          {isPending ? "Saving…" : submitLabel}
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
