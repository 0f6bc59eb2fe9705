import type { TResolvedPolicy } from "@tawkster/core/retention";
import type { TPiiKind, TPolicyScope, TPolicySettings } from "@tawkster/core/schemas";
import { putPolicyAction } from "../../lib/console/settings-actions";
import { ActionForm } from "./action-form";

type TProps = {
  scope: TPolicyScope;
  /** What this scope sets itself (unset fields inherit). */
  settings: TPolicySettings;
  /** What it would inherit from the less specific scopes. */
  inherited: TResolvedPolicy;
  /** Names the scope in labels ("Workspace", "Billing"…). */
  scopeName: string;
  inheritedFrom: string;
};

const PII_KINDS: readonly { kind: TPiiKind; label: string }[] = [
  { kind: "email", label: "Emails" },
  { kind: "phone", label: "Phone numbers" },
  { kind: "card", label: "Card numbers" },
  { kind: "iban", label: "IBANs" },
  { kind: "ssn", label: "US social security numbers" },
];

const RETENTION: readonly { field: "conversationDays" | "visitorDays" | "auditDays"; label: string }[] = [
  { field: "conversationDays", label: "Conversations (days after last activity)" },
  { field: "visitorDays", label: "Visitors (days after last seen)" },
  { field: "auditDays", label: "Audit events (days)" },
];

const days = (value: number | null) => (value === null ? "kept forever" : `${value} days`);
const onOff = (value: boolean) => (value ? "on" : "off");

/**
 * One scope's policy as a form: each field either set here or left to inherit, with the value it
 * would inherit shown beside it.
 */
export function PolicyForm({ scope, settings, inherited, scopeName, inheritedFrom }: TProps) {
  const p = scope.type === "workspace" ? "ws" : scope.id;
  const hint = (text: string) => `${inheritedFrom}: ${text}`;
  return (
    <ActionForm
      action={putPolicyAction}
      submitLabel={`Save the ${scopeName} policy`}
      label={`Policy of ${scopeName}`}
    >
      <input type="hidden" name="scopeType" value={scope.type} />
      {scope.type !== "workspace" && <input type="hidden" name="scopeId" value={scope.id} />}

      <fieldset className="c-fieldset">
        <legend>Retention</legend>
        {RETENTION.map(({ field, label }) => {
          const own = settings.retention?.[field];
          return (
            <div className="c-field" key={field}>
              <label htmlFor={`${p}-${field}`}>{label}</label>
              <input
                id={`${p}-${field}`}
                name={field}
                type="number"
                min={1}
                max={3650}
                defaultValue={typeof own === "number" ? own : ""}
                aria-describedby={`${p}-${field}-hint`}
              />
              <label className="c-check" htmlFor={`${p}-${field}-forever`}>
                <input
                  id={`${p}-${field}-forever`}
                  type="checkbox"
                  name={`${field}Forever`}
                  defaultChecked={own === null}
                />
                Keep forever
              </label>
              <span id={`${p}-${field}-hint`} className="c-field__hint">
                Blank inherits. {hint(days(inherited.retention[field]))}
              </span>
            </div>
          );
        })}
        <TriSelect
          id={`${p}-legalHold`}
          name="legalHold"
          label="Legal hold (nothing is deleted while on)"
          value={settings.legalHold}
          inheritedText={hint(onOff(inherited.legalHold))}
        />
      </fieldset>

      <fieldset className="c-fieldset">
        <legend>Redaction</legend>
        <div className="c-field">
          <label htmlFor={`${p}-redactionMode`}>Mode</label>
          <select
            id={`${p}-redactionMode`}
            name="redactionMode"
            defaultValue={settings.redaction?.mode ?? "inherit"}
            aria-describedby={`${p}-redactionMode-hint`}
          >
            <option value="inherit">Inherit</option>
            <option value="mask-on-display">Mask on display</option>
            <option value="mask-before-storage">Mask before storage</option>
            <option value="off">Off</option>
          </select>
          <span id={`${p}-redactionMode-hint`} className="c-field__hint">
            {hint(inherited.redaction.mode)}
          </span>
        </div>
        {PII_KINDS.map(({ kind, label }) => (
          <TriSelect
            key={kind}
            id={`${p}-rule-${kind}`}
            name={`rule_${kind}`}
            label={`Mask ${label.toLowerCase()}`}
            value={settings.redaction?.rules?.[kind]}
            inheritedText={hint(onOff(inherited.redaction.rules[kind] ?? true))}
          />
        ))}
      </fieldset>

      <fieldset className="c-fieldset">
        <legend>Privacy and security</legend>
        <div className="c-field">
          <label htmlFor={`${p}-ipHandling`}>Visitor IP addresses</label>
          <select
            id={`${p}-ipHandling`}
            name="ipHandling"
            defaultValue={settings.ipHandling ?? "inherit"}
            aria-describedby={`${p}-ipHandling-hint`}
          >
            <option value="inherit">Inherit</option>
            <option value="anonymize">Anonymize</option>
            <option value="none">Do not store</option>
          </select>
          <span id={`${p}-ipHandling-hint`} className="c-field__hint">
            {hint(inherited.ipHandling)}
          </span>
        </div>
        <div className="c-field">
          <label htmlFor={`${p}-twoFactorMode`}>Two-factor authentication required for</label>
          <select
            id={`${p}-twoFactorMode`}
            name="twoFactorMode"
            defaultValue={settings.twoFactor ? "custom" : "inherit"}
            aria-describedby={`${p}-twoFactor-hint`}
          >
            <option value="inherit">Inherit</option>
            <option value="custom">The roles ticked below</option>
          </select>
          <div className="c-checks">
            {(["admin", "manager", "agent"] as const).map((role) => (
              <label key={role} className="c-check" htmlFor={`${p}-2fa-${role}`}>
                <input
                  id={`${p}-2fa-${role}`}
                  type="checkbox"
                  name="twoFactorRoles"
                  value={role}
                  defaultChecked={settings.twoFactor?.requiredRoles.includes(role) ?? false}
                />
                {role}
              </label>
            ))}
          </div>
          <span id={`${p}-twoFactor-hint`} className="c-field__hint">
            {hint(inherited.twoFactor.requiredRoles.join(", ") || "nobody")}
          </span>
        </div>
        <NumberField
          id={`${p}-idleMinutes`}
          name="idleMinutes"
          label="Session idle timeout (minutes, 5–1440)"
          value={settings.sessions?.idleMinutes}
          min={5}
          max={1440}
          inheritedText={hint(`${inherited.sessions.idleMinutes} minutes`)}
        />
        <NumberField
          id={`${p}-maxAgeHours`}
          name="maxAgeHours"
          label="Session maximum age (hours, 1–720)"
          value={settings.sessions?.maxAgeHours}
          min={1}
          max={720}
          inheritedText={hint(`${inherited.sessions.maxAgeHours} hours`)}
        />
      </fieldset>
    </ActionForm>
  );
}

function TriSelect(props: {
  id: string;
  name: string;
  label: string;
  value: boolean | undefined;
  inheritedText: string;
}) {
  return (
    <div className="c-field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.name}
        defaultValue={props.value === undefined ? "inherit" : props.value ? "on" : "off"}
        aria-describedby={`${props.id}-hint`}
      >
        <option value="inherit">Inherit</option>
        <option value="on">On</option>
        <option value="off">Off</option>
      </select>
      <span id={`${props.id}-hint`} className="c-field__hint">
        {props.inheritedText}
      </span>
    </div>
  );
}

function NumberField(props: {
  id: string;
  name: string;
  label: string;
  value: number | undefined;
  min: number;
  max: number;
  inheritedText: string;
}) {
  return (
    <div className="c-field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type="number"
        min={props.min}
        max={props.max}
        defaultValue={props.value ?? ""}
        aria-describedby={`${props.id}-hint`}
      />
      <span id={`${props.id}-hint`} className="c-field__hint">
        Blank inherits. {props.inheritedText}
      </span>
    </div>
  );
}
