/** What a session decision needs from its row. */
export type TSessionTimes = {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

/** Whether a session may still be used, or why not. */
export type TSessionCheck = "ok" | "revoked" | "expired-idle" | "expired-age";

/**
 * Decides a session by the rules in force now: revoked beats everything; then the maximum age
 * (counted from sign-in by today's policy, and never past the expiry stamped at sign-in); then
 * the idle timeout since it was last seen.
 *
 * @example checkSession(row, { now, idleMinutes: 30, maxAgeHours: 12 }) // "expired-idle"
 */
export function checkSession(
  session: TSessionTimes,
  rules: { now: Date; idleMinutes: number; maxAgeHours: number },
): TSessionCheck {
  if (session.revokedAt !== null) return "revoked";
  const now = rules.now.getTime();
  const ageLimit = Math.min(
    session.createdAt.getTime() + rules.maxAgeHours * 3_600_000,
    session.expiresAt.getTime(),
  );
  if (now >= ageLimit) return "expired-age";
  if (now - session.lastSeenAt.getTime() >= rules.idleMinutes * 60_000) return "expired-idle";
  return "ok";
}
