import { z } from "zod";
import { parseInput } from "../chat/parse-input";
import { AppError } from "../errors/app-error";
import { ZId } from "../schemas/common";
import { assertPrivacyAuthorized } from "./assert-privacy-authorized";
import type { TLifecycleDeps } from "./deps";
import { type TErasureReceipt, ZErasureReceipt } from "./erasure-receipt";
import { type TPrivacyActor, workspaceOfActor } from "./lifecycle-actor";

/** Input of `getErasureReceipt`. */
export const ZGetErasureReceiptInput = z.object({ receiptId: ZId });

/**
 * An erasure receipt by id, for whoever may erase (admins, the erasure job): proof of what went and
 * when. Another workspace's receipt, or an unknown id, is `resource.not_found`.
 */
export async function getErasureReceipt(
  deps: TLifecycleDeps,
  actor: TPrivacyActor,
  raw: z.input<typeof ZGetErasureReceiptInput>,
): Promise<TErasureReceipt> {
  const workspaceId = workspaceOfActor(actor);
  const input = parseInput(ZGetErasureReceiptInput, raw);
  // Authorized as the erasure it records, before the lookup, so a refused actor cannot probe ids.
  await assertPrivacyAuthorized(deps, actor, "privacy.erase", { workspaceId, visitorId: input.receiptId });
  const receipt = await deps.store.scoped(workspaceId).erasureReceipts.get(input.receiptId);
  if (!receipt) throw new AppError("resource.not_found", "Not found.");
  return ZErasureReceipt.parse(receipt);
}
