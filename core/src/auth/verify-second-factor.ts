import { currentTime } from "../chat/deps";
import type { TMemberRow } from "../store/port";
import type { TAuthDeps } from "./deps";
import { hashRecoveryCode, isRecoveryCodeShape } from "./recovery-codes";
import { verifyTotp } from "./totp";
import { openTotpSecret } from "./totp-secret-box";

/** How a second factor was proven, or that it was not. */
export type TSecondFactorCheck = { ok: true; method: "totp" | "recovery-code" } | { ok: false };

/**
 * Checks a one-time code for a member with two-factor authentication: a 6-digit TOTP code (each
 * step accepted once, claimed atomically) or one of their recovery codes (consumed atomically, so
 * it works exactly once even when two requests race).
 */
export async function verifySecondFactor(
  deps: TAuthDeps,
  member: TMemberRow,
  code: string,
): Promise<TSecondFactorCheck> {
  const scope = deps.store.scoped(member.workspaceId);
  const trimmed = code.trim();
  if (/^\d{3}\s?\d{3}$/.test(trimmed)) {
    const secret = await openTotpSecret(deps, member);
    if (secret === null) return { ok: false };
    const lastUsedStep = await scope.totpSteps.lastStep(member.id);
    const result = verifyTotp(secret, trimmed, { now: currentTime(deps), window: 1, lastUsedStep });
    if (!result.ok) return { ok: false };
    return (await scope.totpSteps.claim(member.id, result.step))
      ? { ok: true, method: "totp" }
      : { ok: false };
  }
  if (isRecoveryCodeShape(trimmed)) {
    const used = await scope.recoveryCodes.consume(member.id, hashRecoveryCode(trimmed), currentTime(deps));
    return used ? { ok: true, method: "recovery-code" } : { ok: false };
  }
  return { ok: false };
}
