import { randomUUID } from "node:crypto";
import { assertAuthorizedAudited } from "@tawkster/core/chat";
import type { TMemberActor } from "@tawkster/core/rbac";
import { getHub } from "../runtime";
import { orNotFound } from "./guard";

/**
 * Lets a privacy page (erasure, export, receipts) render only for members core lets handle
 * privacy requests (admins); anyone else gets the 404 page, and core audits the refusal. Every
 * privacy page starts from finding a visitor, so the question is core's `privacy.lookup` (neutral:
 * an export page refused is not an erasure attempted), asked about a visitor nobody has, as core's
 * own lookups do by email.
 */
export async function requirePrivacyAccess(actor: TMemberActor): Promise<void> {
  await orNotFound(() =>
    assertAuthorizedAudited(getHub(), actor, "privacy.lookup", {
      type: "visitor",
      workspaceId: actor.workspaceId,
      id: randomUUID(),
    }),
  );
}
