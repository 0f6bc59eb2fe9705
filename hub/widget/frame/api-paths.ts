// Copies of core's WIDGET_API_PATHS and WIDGET_ORIGIN_HEADER, and of the hub's realtime frame
// limit: importing core or the hub at run time would pull zod and node:crypto into the browser
// bundle. api-paths.test.ts keeps them equal.

/** Paths of the widget API on the hub. */
export const API_PATHS = {
  session: "/api/v1/widget/session",
  conversations: "/api/v1/widget/conversations",
  messages: "/api/v1/widget/messages",
  consent: "/api/v1/widget/consent",
  realtime: "/api/v1/realtime",
} as const;

/** The header naming the embedding page's origin on every widget API call. */
export const ORIGIN_HEADER = "Tawkster-Widget-Origin";

/** The largest frame the hub's realtime endpoint accepts (bytes); it closes the socket on a larger one. */
export const REALTIME_MAX_FRAME_BYTES = 16 * 1024;
