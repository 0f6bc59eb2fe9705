import { isSerializedOrigin, SITE_KEY_PATTERN } from "./protocol";

/** What the loader needs to embed the chat, read from its own script tag and the page. */
export type TLoaderConfig = { siteKey: string; hubOrigin: string; frameUrl: string };

/** Where the hub serves the frame page (see frame-html.ts). */
export const FRAME_PATH = "/widget/frame";

/**
 * Derives the loader's configuration: the hub's origin from the script's own `src`, the site key
 * from `data-site`, and the frame URL, which names the site and the embedding page's origin (the
 * hub checks that origin against the site's allowed domains before it renders the frame). Null
 * when anything is missing or malformed, and for pages without a real origin (`null`, file:).
 *
 * @example
 * readLoaderConfig({ scriptSrc: "https://chat.example.net/widget.js", siteKey: "site_…",
 *   pageOrigin: "https://shop.example.com" });
 * // { hubOrigin: "https://chat.example.net",
 * //   frameUrl: "https://chat.example.net/widget/frame?site=site_…&origin=https%3A%2F%2Fshop.example.com" }
 */
export function readLoaderConfig(input: {
  scriptSrc: string | null | undefined;
  siteKey: string | null | undefined;
  pageOrigin: string | null | undefined;
}): TLoaderConfig | null {
  const { scriptSrc, siteKey, pageOrigin } = input;
  if (typeof siteKey !== "string" || !SITE_KEY_PATTERN.test(siteKey)) return null;
  if (!isSerializedOrigin(pageOrigin) || typeof scriptSrc !== "string") return null;
  let hubOrigin: string;
  try {
    hubOrigin = new URL(scriptSrc).origin;
  } catch {
    return null;
  }
  if (!isSerializedOrigin(hubOrigin)) return null;
  const query = `site=${encodeURIComponent(siteKey)}&origin=${encodeURIComponent(pageOrigin)}`;
  return { siteKey, hubOrigin, frameUrl: `${hubOrigin}${FRAME_PATH}?${query}` };
}
