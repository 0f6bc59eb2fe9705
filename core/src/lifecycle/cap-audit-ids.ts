/** Most ids one audit detail array may hold (the limit of `ZAuditDetails`). */
export const MAX_AUDIT_IDS = 1000;

/**
 * Puts an id list into audit details under `key`: every id while they fit, else the first 1000
 * with `<key>Truncated: true`. The count always travels beside it, so a capped list still says how
 * many went; the full lists live where they are needed (erasure receipts, outbox rows).
 */
export function capAuditIds(key: string, ids: readonly string[]): Record<string, string[] | boolean> {
  if (ids.length <= MAX_AUDIT_IDS) return { [key]: [...ids] };
  return { [key]: ids.slice(0, MAX_AUDIT_IDS), [`${key}Truncated`]: true };
}
