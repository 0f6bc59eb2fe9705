import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { buildWidget } from "../../scripts/build-widget.mjs";
import { renderFrameHtml } from "./frame-html";

/** Size budgets, gzipped, in bytes (1 KB = 1000 bytes: the stricter reading of "KB"). */
export const WIDGET_SIZE_BUDGET = { loader: 5_000, frame: 30_000 } as const;

/** Gzipped sizes of a widget build, in bytes. */
export type TWidgetSizes = {
  loader: number;
  frameScript: number;
  frameStyle: number;
  frameHtml: number;
  /** Everything a visitor downloads to show the frame: script + stylesheet + HTML page. */
  frame: number;
};

// Long enough to be realistic: the longest site key and a long origin, a 128-bit nonce.
const SAMPLE_FRAME = {
  nonce: "bm9uY2Utbm9uY2Utbm9uY2U=",
  siteKey: `site_${"A".repeat(40)}`,
  parentOrigin: "https://www.a-rather-long-shop-name.example.com:8443",
  hubOrigin: "https://chat.tawkster.example.net",
};

function gzippedSize(contents: string | Buffer): number {
  return gzipSync(contents, { level: 9 }).length;
}

/** Builds the widget (if its sources changed) and measures what a visitor downloads. */
export function measureWidgetSizes(): TWidgetSizes {
  const { files } = buildWidget();
  const loader = gzippedSize(readFileSync(files.loader));
  const frameScript = gzippedSize(readFileSync(files.frameScript));
  const frameStyle = gzippedSize(readFileSync(files.frameStyle));
  const frameHtml = gzippedSize(renderFrameHtml(SAMPLE_FRAME));
  return { loader, frameScript, frameStyle, frameHtml, frame: frameScript + frameStyle + frameHtml };
}
