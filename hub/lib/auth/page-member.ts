import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getHub } from "../runtime";
import { authCookieNames } from "./auth-cookies";
import { resolveMemberFromToken, type TSignedInMember } from "./resolve-member";

/** The signed-in member of the page being rendered (server components), or null. */
export async function getPageMember(): Promise<TSignedInMember | null> {
  // Per request, never prerendered: the answer is personal, and the page needs a fresh CSP nonce.
  await connection();
  const hub = getHub();
  const token = (await cookies()).get(authCookieNames(hub.config).session)?.value ?? null;
  return resolveMemberFromToken(hub, token);
}

/**
 * The signed-in member for a page that needs one: redirects to /signin without a live session,
 * and to /account/security while the member must still enrol a second factor (unless the page is
 * part of enrolling). Call it first in every console page.
 *
 * @example const { actor, member } = await requirePageMember();
 */
export async function requirePageMember(
  options: { allowUnenrolled?: boolean } = {},
): Promise<TSignedInMember> {
  const signedIn = await getPageMember();
  if (signedIn === null) redirect("/signin");
  if (signedIn.mustEnrollTwoFactor && options.allowUnenrolled !== true) redirect("/account/security");
  return signedIn;
}

/** Where a signed-in member lands: the console, or enrolment while it is still owed. */
export function homeOf(signedIn: TSignedInMember): string {
  return signedIn.mustEnrollTwoFactor ? "/account/security" : "/console";
}
