import { signVisitorToken } from "@tawkster/core/widget";
import type { THub } from "../hub-context";

/**
 * How long a visitor token lives. Without functional consent the token is kept in the tab only
 * (sessionStorage), so half a day covers any visit; with consent it is the returning-visitor
 * token (localStorage), and a month lets a customer come back to an open conversation.
 */
export const VISITOR_TOKEN_TTL_MS = {
  tab: 12 * 60 * 60 * 1000,
  persistent: 30 * 24 * 60 * 60 * 1000,
} as const;

/** Signs a visitor token bound to the site and the embedding page's origin. */
export function issueVisitorToken(
  hub: THub,
  input: { workspaceId: string; siteId: string; visitorId: string; origin: string; persistent: boolean },
): string {
  const issuedAt = hub.now();
  const ttl = input.persistent ? VISITOR_TOKEN_TTL_MS.persistent : VISITOR_TOKEN_TTL_MS.tab;
  return signVisitorToken(hub.widgetTokenKey, {
    ...input,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + ttl),
  });
}
