// No imports on purpose: `schemas/audit-event.ts` uses this module, and everything else in audit/
// imports the schemas.

/** Fragments that mark a credential or an email address wherever they appear in a key (`accessToken`, `visitor_email`). */
const CREDENTIAL_FRAGMENTS = ["password", "secret", "token", "email"];

/**
 * Words that mark content when a key ends with them (`body`, `messageText`, `messages`): naming the
 * last word only keeps `messageId` and `messageCount`, which audit events need, allowed.
 */
const CONTENT_WORDS = new Set(["body", "bodies", "text", "texts", "message", "messages"]);

/**
 * The detail keys that look like they carry message text, a credential or an email address.
 *
 * Audit events outlive what they describe (they are kept for proof after retention deleted the
 * conversation) and are not encrypted under the visitor's key, so erasure cannot reach them: any
 * content or PII written into them would survive both. This is a guard rail against the obvious
 * mistake (`details.body = message.body`), not a PII scanner: values are not inspected.
 */
export function findSensitiveAuditKeys(details: Record<string, unknown>): string[] {
  return Object.keys(details).filter(isSensitiveKey);
}

function isSensitiveKey(key: string): boolean {
  const flat = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (CREDENTIAL_FRAGMENTS.some((fragment) => flat.includes(fragment))) return true;
  const words = splitWords(key);
  const last = words[words.length - 1];
  return last !== undefined && CONTENT_WORDS.has(last);
}

/** `messageBody` / `message_body` / `URLText` -> ["message", "body"] / ["url", "text"]. */
function splitWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}
