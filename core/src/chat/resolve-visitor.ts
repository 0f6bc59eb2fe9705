import { z } from "zod";
import { AppError, isAppError } from "../errors/app-error";
import { applyIpPolicy, type TIpHandling } from "../privacy/anonymize-ip";
import type { TVisitorActor } from "../rbac/actors";
import { ZDisplayName, ZEmail, ZId } from "../schemas/common";
import type { TVisitor } from "../schemas/visitor";
import type { TSiteRow, TVisitorRow } from "../store/port";
import { openSealedVisitor, sealVisitor, type TNewVisitor } from "../store/sealed-records";
import { currentTime, nextId, type TChatDeps } from "./deps";
import { parseInput } from "./parse-input";
import { recordAudit } from "./record-audit";
import { resolveWorkspacePolicy } from "./resolve-conversation-policy";

/** Input of `resolveVisitor`; `site` is the row the hub found by the widget's site key. */
export const ZResolveVisitorInput = z.object({
  site: z.looseObject({ id: ZId, workspaceId: ZId }),
  /** From the visitor's session; an unknown, foreign or malformed id simply starts a new visitor. */
  visitorId: z.string().max(200).nullable(),
  /** Who the host page says the visitor is; `verified` only when the hub checked the site's signature. */
  identity: z
    .object({
      email: z.string().trim().pipe(ZEmail),
      name: ZDisplayName.nullable(),
      verified: z.boolean(),
    })
    .nullable(),
  ip: z.string().max(100).nullable(),
  consentFunctional: z.boolean(),
});
/** `ZResolveVisitorInput` as callers pass it, before validation. */
export type TResolveVisitorInput = Omit<z.input<typeof ZResolveVisitorInput>, "site"> & {
  site: Pick<TSiteRow, "id" | "workspaceId">;
};

/** The visitor behind a widget session, the actor to act as, and whether they are new. */
export type TResolvedVisitor = { visitor: TVisitor; actor: TVisitorActor; created: boolean };

/**
 * Finds or creates the visitor of a widget session on a site and refreshes what is known of them:
 * identity, IP (as the site's policy allows: anonymized or not stored), consent and last-seen time.
 * Email, name and IP are stored only sealed under the visitor's own key.
 *
 * A visitor with a verified identity is only continued by the same verified identity: on a shared
 * computer the next person (signed out, or signed in as someone else) gets a new visitor rather
 * than the previous one's conversations. An unverified claim never overwrites a verified identity.
 */
export async function resolveVisitor(deps: TChatDeps, raw: TResolveVisitorInput): Promise<TResolvedVisitor> {
  const input = parseInput(ZResolveVisitorInput, raw);
  const workspaceId = input.site.workspaceId;
  const scope = deps.store.scoped(workspaceId);
  const site = await scope.sites.get(input.site.id);
  if (!site) throw new AppError("resource.not_found", "Not found.");
  const policy = await resolveWorkspacePolicy(deps, workspaceId, { departmentId: null, siteId: site.id });
  const ip = input.ip === null ? null : toStoredIp(input.ip, policy.ipHandling);
  const now = currentTime(deps);
  const identity = input.identity;
  const identityIndex = identity ? await deps.vault.blindIndex(workspaceId, "email", identity.email) : null;

  const found = input.visitorId === null ? null : await scope.visitors.get(input.visitorId);
  const isContinuable =
    found !== null &&
    found.siteId === site.id &&
    mayContinue(found, identity?.verified === true, identityIndex);
  const current = isContinuable ? await openOrNull(deps, workspaceId, found) : null;

  if (current === null) {
    const visitor: TNewVisitor = {
      id: nextId(deps),
      siteId: site.id,
      email: identity?.email ?? null,
      name: identity?.name ?? null,
      identityVerified: identity?.verified ?? false,
      ip,
      consent: { functional: input.consentFunctional, updatedAt: input.consentFunctional ? now : null },
      createdAt: now,
      lastSeenAt: now,
    };
    await scope.visitors.create(await sealVisitor(deps.vault, workspaceId, visitor));
    const actor = toVisitorActor(workspaceId, visitor);
    await recordAudit(deps, {
      workspaceId,
      actor,
      action: "visitor.create",
      resource: { type: "visitor", id: visitor.id },
      details: { siteId: site.id, identityVerified: visitor.identityVerified },
    });
    return { visitor: { ...visitor, workspaceId }, actor, created: true };
  }

  // An unverified claim may replace an unverified one; a verified identity only a verified one.
  const takesIdentity = identity !== null && (identity.verified || !current.identityVerified);
  const next: TVisitor = {
    ...current,
    email: takesIdentity ? identity.email : current.email,
    name: takesIdentity ? identity.name : current.name,
    identityVerified: takesIdentity ? identity.verified : current.identityVerified,
    ip,
    consent:
      current.consent.functional === input.consentFunctional
        ? current.consent
        : { functional: input.consentFunctional, updatedAt: now },
    lastSeenAt: now,
  };
  const isIdentityChanged =
    next.email !== current.email ||
    next.name !== current.name ||
    next.identityVerified !== current.identityVerified;
  const isConsentChanged = next.consent !== current.consent;
  if (isIdentityChanged || next.ip !== current.ip) {
    const { workspaceId: _workspace, ...unscoped } = next;
    const sealed = await sealVisitor(deps.vault, workspaceId, unscoped);
    const { id: _id, siteId: _site, createdAt: _created, ...patch } = sealed;
    await scope.visitors.update(next.id, patch);
  } else {
    await scope.visitors.update(next.id, {
      consentFunctional: next.consent.functional,
      consentUpdatedAt: next.consent.updatedAt,
      lastSeenAt: now,
    });
  }
  const actor = toVisitorActor(workspaceId, next);
  if (isIdentityChanged) {
    await recordAudit(deps, {
      workspaceId,
      actor,
      action: "visitor.identify",
      resource: { type: "visitor", id: next.id },
      details: { identityVerified: next.identityVerified },
    });
  }
  if (isConsentChanged) {
    await recordAudit(deps, {
      workspaceId,
      actor,
      action: "visitor.consent",
      resource: { type: "visitor", id: next.id },
      details: { functional: next.consent.functional },
    });
  }
  return { visitor: next, actor, created: false };
}

function mayContinue(row: TVisitorRow, isVerified: boolean, identityIndex: string | null): boolean {
  if (!row.identityVerified) return true;
  return isVerified && identityIndex !== null && row.emailIndex === identityIndex;
}

/** The stored visitor, or null when they can no longer be read (their key was shredded meanwhile). */
async function openOrNull(deps: TChatDeps, workspaceId: string, row: TVisitorRow): Promise<TVisitor | null> {
  try {
    return await openSealedVisitor(deps.vault, workspaceId, row);
  } catch (error) {
    if (isAppError(error) && error.code === "crypto.unreadable") return null;
    throw error;
  }
}

function toStoredIp(ip: string, mode: TIpHandling): string | null {
  try {
    return applyIpPolicy(ip, mode);
  } catch (error) {
    // A proxy header that is not an address must not lock a visitor out of the chat: keep none.
    if (isAppError(error) && error.code === "request.invalid") return null;
    throw error;
  }
}

function toVisitorActor(workspaceId: string, visitor: { id: string; siteId: string }): TVisitorActor {
  return { type: "visitor", workspaceId, visitorId: visitor.id, siteId: visitor.siteId };
}
