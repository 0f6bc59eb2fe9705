// The postMessage protocol between the loader (on the website) and the frame (on the hub).
// Pure: no DOM, so both bundles share it and it is tested under Node. Every message carries the
// tag below, and each side also checks `event.origin` and `event.source` before reading it.

/** Marks our messages among everything else a page may post. */
export const PROTOCOL_TAG = "tawkster-widget/1";

/** Same rule as core's ZSiteKey (the browser bundles do not carry zod). */
export const SITE_KEY_PATTERN = /^site_[A-Za-z0-9]{20,40}$/;

/** What the site's page asks the chat to do through `window.Tawkster`. */
export type TConsentChoice = { functional: boolean };
export type TIdentity = { email: string; name?: string; userHash: string };

/** Loader → frame. `init` answers `ready` with everything queued before it. */
export type TParentMessage =
  | { tag: typeof PROTOCOL_TAG; type: "init"; consent: TConsentChoice | null; identity: TIdentity | null }
  | { tag: typeof PROTOCOL_TAG; type: "open" }
  | { tag: typeof PROTOCOL_TAG; type: "consent"; consent: TConsentChoice }
  | { tag: typeof PROTOCOL_TAG; type: "identify"; identity: TIdentity };

/** Frame → loader. */
export type TFrameMessage =
  | { tag: typeof PROTOCOL_TAG; type: "ready" }
  | { tag: typeof PROTOCOL_TAG; type: "close" };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
// Control characters (C0, DEL and C1): never part of a name.
const CONTROL = /\p{Cc}/u;

type TRecord = Record<string, unknown>;

function isRecord(value: unknown): value is TRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a consent choice; null unless it is exactly `{ functional: boolean }`. */
export function readConsent(value: unknown): TConsentChoice | null {
  return isRecord(value) && typeof value.functional === "boolean" ? { functional: value.functional } : null;
}

/** Reads an identity; null unless email, optional name and a 64-hex-digit userHash are well formed. */
export function readIdentity(value: unknown): TIdentity | null {
  if (!isRecord(value)) return null;
  const { email, name, userHash } = value;
  if (typeof email !== "string" || email.length > 254 || !EMAIL.test(email.trim())) return null;
  if (typeof userHash !== "string" || !HEX_SHA256.test(userHash)) return null;
  if (name === undefined || name === null) return { email: email.trim(), userHash };
  if (typeof name !== "string") return null;
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 120 || CONTROL.test(trimmed)) return null;
  return { email: email.trim(), name: trimmed, userHash };
}

/** Parses what the frame received from its parent; null for anything not ours or malformed. */
export function readParentMessage(data: unknown): TParentMessage | null {
  if (!isRecord(data) || data.tag !== PROTOCOL_TAG) return null;
  switch (data.type) {
    case "open":
      return { tag: PROTOCOL_TAG, type: "open" };
    case "init": {
      const consent = data.consent === null ? null : readConsent(data.consent);
      const identity = data.identity === null ? null : readIdentity(data.identity);
      if ((data.consent !== null && consent === null) || (data.identity !== null && identity === null))
        return null;
      return { tag: PROTOCOL_TAG, type: "init", consent, identity };
    }
    case "consent": {
      const consent = readConsent(data.consent);
      return consent === null ? null : { tag: PROTOCOL_TAG, type: "consent", consent };
    }
    case "identify": {
      const identity = readIdentity(data.identity);
      return identity === null ? null : { tag: PROTOCOL_TAG, type: "identify", identity };
    }
    default:
      return null;
  }
}

/** Parses what the loader received from the frame; null for anything not ours. */
export function readFrameMessage(data: unknown): TFrameMessage | null {
  if (!isRecord(data) || data.tag !== PROTOCOL_TAG) return null;
  if (data.type === "ready" || data.type === "close") return { tag: PROTOCOL_TAG, type: data.type };
  return null;
}

/**
 * Whether a string is a serialized http(s) origin (scheme, host, optional port, nothing else):
 * what `location.origin` and `event.origin` look like, and all postMessage may target.
 */
export function isSerializedOrigin(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length <= 300 &&
    /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(value)
  );
}
