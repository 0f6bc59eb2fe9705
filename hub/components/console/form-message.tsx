import type { TFormState } from "../../lib/console/form-state";
import { CopyButton } from "./copy-button";

/** The answer of a form's action: a status line, an alert for errors, and a secret to copy once. */
export function FormMessage({ state }: { state: TFormState }) {
  return (
    <div aria-live="polite">
      {state.status === "error" && (
        <p className="c-alert c-alert--error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === "ok" && <p className="c-alert c-alert--ok">{state.message}</p>}
      {state.secret !== undefined && (
        <div>
          <pre className="c-pre">
            <code>{state.secret}</code>
          </pre>
          <CopyButton text={state.secret} label="Copy the secret" />
        </div>
      )}
    </div>
  );
}
