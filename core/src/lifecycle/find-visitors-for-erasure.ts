import type { TLifecycleDeps } from "./deps";
import {
  findVisitors,
  type TVisitorCandidate,
  type TVisitorLookup,
  type TVisitorLookupResult,
  ZVisitorLookup,
} from "./find-visitors";
import type { TPrivacyActor } from "./lifecycle-actor";

/** Input of `findVisitorsForErasure`: an email (found through the blind index) or a visitor id. */
export const ZFindVisitorsForErasureInput = ZVisitorLookup;
/** `ZFindVisitorsForErasureInput` as callers pass it. */
export type TFindVisitorsForErasureInput = TVisitorLookup;

/** One visitor an erasure request would reach, with what erasing them would remove. No content. */
export type TErasureCandidate = TVisitorCandidate;

/** What an erasure request would reach. */
export type TErasurePreview = TVisitorLookupResult;

/**
 * Previews an erasure (admins, or the erasure job for API and WordPress requests): `findVisitors`
 * for the purpose "erasure" — the visitors matching an email or an id, with their counts, sites and
 * the installations that would be asked to delete their copies. Nothing is read or changed; the
 * lookup is audited as `privacy.lookup` (purpose "erasure") with the ids found, never the email.
 *
 * @example await findVisitorsForErasure(deps, admin, { email: "ana@example.com" })
 */
export async function findVisitorsForErasure(
  deps: TLifecycleDeps,
  actor: TPrivacyActor,
  raw: TFindVisitorsForErasureInput,
): Promise<TErasurePreview> {
  return findVisitors(deps, actor, raw, { purpose: "erasure" });
}
