import { AppError } from "@tawkster/core/errors";
import type { TVisitorLookup } from "@tawkster/core/lifecycle";
import { z } from "zod";

/** An email address or a visitor id, as an admin types either into one field. */
export const ZVisitorLookupText = z.string().trim().min(1, "enter an email address or a visitor id").max(254);

/**
 * How one typed value finds visitors: a UUID is a visitor id, anything else must be an email
 * address (looked up through the keyed blind index, so it is never stored or logged).
 */
export function toVisitorLookup(text: string): TVisitorLookup {
  const value = ZVisitorLookupText.parse(text);
  if (z.uuid().safeParse(value).success) return { visitorId: value.toLowerCase() };
  if (!z.email().safeParse(value).success) {
    throw new AppError("request.invalid", "Enter an email address or a visitor id.");
  }
  return { email: value };
}
