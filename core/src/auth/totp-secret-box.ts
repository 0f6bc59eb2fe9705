import type { TCipherContext } from "../crypto/encrypt-field";
import type { TAuthDeps } from "./deps";

/** Where a member's TOTP secret is sealed: the workspace key, bound to the member's row and column. */
function totpContext(workspaceId: string, keyId: string, memberId: string, column: string): TCipherContext {
  return { workspaceId, keyId, table: "members", rowId: memberId, column };
}

/** Seals a TOTP secret for `members.totp_secret_cipher` under the workspace's data key. */
export async function sealTotpSecret(
  deps: TAuthDeps,
  member: { workspaceId: string; id: string },
  secret: string,
): Promise<{ keyId: string; totpSecretCipher: Uint8Array }> {
  const keyId = await deps.vault.ensureKey({
    workspaceId: member.workspaceId,
    purpose: "workspace",
    ownerId: null,
  });
  const totpSecretCipher = await deps.vault.encrypt(
    totpContext(member.workspaceId, keyId, member.id, "totp_secret"),
    secret,
  );
  return { keyId, totpSecretCipher };
}

/** Opens a member's sealed TOTP secret; null when they have none. */
export async function openTotpSecret(
  deps: TAuthDeps,
  member: { workspaceId: string; id: string; keyId: string | null; totpSecretCipher: Uint8Array | null },
): Promise<string | null> {
  if (member.keyId === null || member.totpSecretCipher === null) return null;
  return deps.vault.decrypt(
    totpContext(member.workspaceId, member.keyId, member.id, "totp_secret"),
    member.totpSecretCipher,
  );
}

/**
 * Seals a pending enrolment (secret and deadline) for the browser to hold until it confirms:
 * AES-GCM under the workspace key, bound to the member, so it can neither be forged nor used for
 * anyone else, and nothing half-done is ever written to the member's row.
 */
export async function sealPendingEnrollment(
  deps: TAuthDeps,
  member: { workspaceId: string; id: string },
  pending: { secret: string; expiresAt: Date },
): Promise<string> {
  const keyId = await deps.vault.ensureKey({
    workspaceId: member.workspaceId,
    purpose: "workspace",
    ownerId: null,
  });
  const sealed = await deps.vault.encrypt(
    totpContext(member.workspaceId, keyId, member.id, "totp_pending"),
    JSON.stringify({ secret: pending.secret, expiresAt: pending.expiresAt.getTime() }),
  );
  return `${keyId}.${Buffer.from(sealed).toString("base64url")}`;
}

/** Opens a pending enrolment sealed for this member; null when it is not one (or was tampered with). */
export async function openPendingEnrollment(
  deps: TAuthDeps,
  member: { workspaceId: string; id: string },
  token: string,
): Promise<{ secret: string; expiresAt: Date } | null> {
  const [keyId, body] = token.split(".");
  if (!keyId || !body || !/^[0-9a-f-]{36}$/.test(keyId) || !/^[A-Za-z0-9_-]+$/.test(body)) return null;
  try {
    const json = await deps.vault.decrypt(
      totpContext(member.workspaceId, keyId, member.id, "totp_pending"),
      new Uint8Array(Buffer.from(body, "base64url")),
    );
    const parsed = JSON.parse(json) as { secret?: unknown; expiresAt?: unknown };
    if (typeof parsed.secret !== "string" || typeof parsed.expiresAt !== "number") return null;
    return { secret: parsed.secret, expiresAt: new Date(parsed.expiresAt) };
  } catch {
    return null;
  }
}
