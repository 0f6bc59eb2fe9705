import type { TMemberActor } from "@tawkster/core/rbac";
import { headers } from "next/headers";
import { cache } from "react";
import { assertSameOrigin, hubOriginsOf } from "../auth/hub-origin";
import { requirePageMember } from "../auth/page-member";
import { getHub } from "../runtime";

/** Who is using the console: the actor core authorizes, and what the page prints about them. */
export type TConsoleSession = { actor: TMemberActor; name: string; email: string };

/**
 * The signed-in member of the page being rendered (the auth helpers' `requirePageMember`: no live
 * session → /signin, a second factor still owed → /account/security), read once per request so
 * the layout and the page share it. The actor is rebuilt from the member row on every request, so
 * a demotion or deactivation applies at once.
 */
export const getConsoleSession = cache(async (): Promise<TConsoleSession> => {
  const { actor, member } = await requirePageMember();
  return { actor, name: member.name, email: member.email };
});

/**
 * The signed-in member of a server action, after the same-origin check the hub gives every
 * cookie-authenticated state change (Next checks server actions' origin too; this is the hub's
 * own rule, the same as its API's).
 */
export async function getActionSession(): Promise<TConsoleSession> {
  const incoming = await headers();
  const request = new Request("http://hub.invalid/console", {
    method: "POST",
    headers: new Headers(incoming),
  });
  assertSameOrigin(request, hubOriginsOf(getHub().config));
  const { actor, member } = await requirePageMember();
  return { actor, name: member.name, email: member.email };
}
