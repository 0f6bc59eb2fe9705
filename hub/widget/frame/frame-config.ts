import { isSerializedOrigin, SITE_KEY_PATTERN } from "../protocol";

/** The frame's configuration, rendered by the hub as data attributes on `<body>` (see main.ts). */
export type TFrameConfig = { siteKey: string; parentOrigin: string; hubOrigin: string };

/**
 * Reads and checks the frame's configuration from `document.body.dataset`. Null when anything is
 * missing or malformed: the frame then stays inert rather than guess where to post messages.
 */
export function readFrameConfig(dataset: Record<string, string | undefined>): TFrameConfig | null {
  const { siteKey, parentOrigin, hubOrigin } = dataset;
  if (typeof siteKey !== "string" || !SITE_KEY_PATTERN.test(siteKey)) return null;
  if (!isSerializedOrigin(parentOrigin) || !isSerializedOrigin(hubOrigin)) return null;
  return { siteKey, parentOrigin, hubOrigin };
}

/** The WebSocket URL of the realtime endpoint on the hub (wss: for an https hub). */
export function toRealtimeUrl(hubOrigin: string, path: string): string {
  return `${hubOrigin.replace(/^http/, "ws")}${path}`;
}
