"use server";
import { eraseVisitors, findVisitors, ZVisitorLookupPurpose } from "@tawkster/core/lifecycle";
import { z } from "zod";
import { type TApiErasurePreview, ZApiErasurePreview } from "../lifecycle/privacy-schemas";
import { toVisitorLookup, ZVisitorLookupText } from "../lifecycle/visitor-lookup";
import { getHub } from "../runtime";
import { type TActionResult, toActionResult } from "./errors";
import { getActionSession } from "./session";

// The privacy pages' actions (admins): find the visitors a request is about, and erase them.
// Exports stream from the API instead (POST /api/v1/privacy/export/stream), for their progress bar.

const ZFindInput = z.object({ query: ZVisitorLookupText, purpose: ZVisitorLookupPurpose });
const ZEraseInput = z.object({ visitorIds: z.array(z.uuid()).min(1).max(100) });
const ZEraseOutput = z.object({ receiptId: z.uuid() });

/**
 * The visitors an email address or visitor id finds, with what erasing (or exporting) them
 * reaches: counts, sites, plugin copies, and whether the website verified the email. Audited by
 * core as a lookup for that purpose (export or erasure), with the ids found, never the email.
 */
export async function findVisitorsAction(
  input: z.input<typeof ZFindInput>,
): Promise<TActionResult<TApiErasurePreview>> {
  return toActionResult(async () => {
    const { query, purpose } = ZFindInput.parse(input);
    const { actor } = await getActionSession();
    return ZApiErasurePreview.parse(await findVisitors(getHub(), actor, toVisitorLookup(query), { purpose }));
  });
}

/** Erases the chosen visitors for good (their keys first) and answers the receipt's id. */
export async function eraseVisitorsAction(
  input: z.input<typeof ZEraseInput>,
): Promise<TActionResult<z.infer<typeof ZEraseOutput>>> {
  return toActionResult(async () => {
    const { visitorIds } = ZEraseInput.parse(input);
    const { actor } = await getActionSession();
    const receipt = await eraseVisitors(getHub(), actor, { visitorIds, source: "console" });
    return ZEraseOutput.parse({ receiptId: receipt.id });
  });
}
