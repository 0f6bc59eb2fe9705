import { randomUUID } from "node:crypto";
import { assertAuthorizedAudited } from "@tawkster/core/chat";
import type { TMemberActor } from "@tawkster/core/rbac";
import { getHub } from "../runtime";
import { orNotFound } from "./guard";

/**
 * Lets a privacy page (erasure, export, receipts) render only for members core lets handle
 * privacy requests (admins); anyone else gets the 404 page, and core audits the refusal. Core
 * decides per visitor, so it is asked about a visitor nobody has, as its own lookups do.
 */
export async function requirePrivacyAccess(actor: TMemberActor): Promise<void> {
  await orNotFound(() =>
    assertAuthorizedAudited(getHub(), actor, "privacy.erase", {
      type: "visitor",
      workspaceId: actor.workspaceId,
      id: randomUUID(),
    }),
  );
}
