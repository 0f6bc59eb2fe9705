"use client";
import { authorize, type TMemberActor } from "@tawkster/core/rbac";
import type { TConsoleConversationState } from "@tawkster/core/schemas";
import { useId, useState, useTransition } from "react";
import type { TActionResult } from "../../lib/console/errors";

/** A member the conversation may be assigned to (the list is filtered by department here). */
export type TAssignableMember = {
  id: string;
  name: string;
  role: string;
  departmentIds: string[];
  isActive: boolean;
};

type TProps = {
  actor: TMemberActor;
  state: TConsoleConversationState & { visitorId: string };
  members: readonly TAssignableMember[];
  departments: readonly { id: string; name: string }[];
  actions: {
    claim: () => Promise<TActionResult<TConsoleConversationState>>;
    assign: (assigneeId: string | null) => Promise<TActionResult<TConsoleConversationState>>;
    transfer: (departmentId: string) => Promise<TActionResult<TConsoleConversationState>>;
    close: () => Promise<TActionResult<TConsoleConversationState>>;
  };
  onChanged: (state: TConsoleConversationState) => void;
};

/**
 * Claim, Assign to…, Transfer to department… and Close, each shown only when the role table lets
 * this member do it to the conversation as it stands now (core refuses anyway: this only spares
 * the member buttons that cannot work).
 */
export function ConversationControls({ actor, state, members, departments, actions, onChanged }: TProps) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const id = useId();
  const resource = { type: "conversation" as const, workspaceId: actor.workspaceId, ...state };
  const may = (
    action: "conversation.claim" | "conversation.assign" | "conversation.transfer" | "conversation.close",
  ) => state.status !== "closed" && authorize(actor, action, resource).allowed;

  const run = (work: () => Promise<TActionResult<TConsoleConversationState>>, done: string) => {
    setError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await work();
      if (result.ok) {
        onChanged(result.value);
        setNotice(done);
      } else {
        setError(result.error);
      }
    });
  };

  const assignable = members.filter(
    (m) => m.isActive && (m.role === "admin" || m.departmentIds.includes(state.departmentId)),
  );
  const otherDepartments = departments.filter((d) => d.id !== state.departmentId);
  const canClaim = may("conversation.claim") && state.assigneeId !== actor.memberId;
  const canAssign = may("conversation.assign");
  const canTransfer = may("conversation.transfer") && otherDepartments.length > 0;
  const canClose = may("conversation.close");

  const hasNone = !canClaim && !canAssign && !canTransfer && !canClose;

  return (
    <div className="c-actions">
      {hasNone && (
        <p className="c-muted">
          {state.status === "closed" ? "This conversation is closed." : "No actions available to you."}
        </p>
      )}
      {canClaim && (
        <button
          type="button"
          className="c-button c-button--primary"
          disabled={isPending}
          onClick={() => run(actions.claim, "You have claimed this conversation.")}
        >
          Claim
        </button>
      )}
      {canAssign && (
        <form
          className="c-form--inline"
          onSubmit={(event) => {
            event.preventDefault();
            const value = new FormData(event.currentTarget).get("assignee");
            run(
              () => actions.assign(value === "" || typeof value !== "string" ? null : value),
              "Assignment saved.",
            );
          }}
        >
          <div className="c-field">
            <label htmlFor={`${id}-assign`}>Assign to</label>
            <select id={`${id}-assign`} name="assignee" defaultValue={state.assigneeId ?? ""}>
              <option value="">Nobody (back to the queue)</option>
              {assignable.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="c-button" disabled={isPending}>
            Assign
          </button>
        </form>
      )}
      {canTransfer && (
        <form
          className="c-form--inline"
          onSubmit={(event) => {
            event.preventDefault();
            const value = new FormData(event.currentTarget).get("department");
            if (typeof value === "string" && value !== "") run(() => actions.transfer(value), "Transferred.");
          }}
        >
          <div className="c-field">
            <label htmlFor={`${id}-transfer`}>Transfer to department</label>
            <select id={`${id}-transfer`} name="department">
              {otherDepartments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="c-button" disabled={isPending}>
            Transfer
          </button>
        </form>
      )}
      {canClose && (
        <button
          type="button"
          className="c-button c-button--danger"
          disabled={isPending}
          onClick={() => run(actions.close, "Conversation closed.")}
        >
          Close conversation
        </button>
      )}
      <div aria-live="polite">
        {error && <p className="c-alert c-alert--error">{error}</p>}
        {notice && <p className="c-alert c-alert--ok">{notice}</p>}
      </div>
    </div>
  );
}
