/** The widget HTTP API and realtime endpoint (paths on the hub's origin). Free of zod on purpose. */
export const WIDGET_API_PATHS = {
  session: "/api/v1/widget/session",
  conversations: "/api/v1/widget/conversations",
  messages: "/api/v1/widget/messages",
  consent: "/api/v1/widget/consent",
  realtime: "/api/v1/realtime",
} as const;

/**
 * The request header in which the widget frame names the page that embeds it (its parent's
 * origin). The frame itself always runs on the hub's origin, so the `Origin` header of its calls
 * names the hub, not the website; this header carries the website's origin, which the hub checks
 * against the site's allowed domains and against the origin bound into the visitor token.
 */
export const WIDGET_ORIGIN_HEADER = "Tawkster-Widget-Origin";
