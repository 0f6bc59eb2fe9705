import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "@tawkster/core/errors";

/** The bundles scripts/build-widget.mjs writes into hub/.widget-build/, by role. */
export const WIDGET_ASSET_FILES = {
  loader: "loader.js",
  frameScript: "frame.js",
  frameStyle: "frame.css",
} as const;

export type TWidgetAssetRole = keyof typeof WIDGET_ASSET_FILES;

/** One bundle as served: its bytes and a strong validator of them. */
export type TWidgetAsset = { body: Buffer; etag: string };

type TCached = TWidgetAsset & { mtimeMs: number; size: number };

/**
 * Reads the widget bundles from the build directory and keeps them in memory, re-reading a file
 * only when its size or modification time changed (a rebuild while the hub runs is picked up;
 * the build writes each file by rename, so a read never sees half a file). A missing build is
 * `internal.error` naming the fix, never a crash.
 */
export function createWidgetAssets(buildDir: string) {
  const cache = new Map<TWidgetAssetRole, TCached>();

  async function read(role: TWidgetAssetRole): Promise<TWidgetAsset> {
    const path = join(buildDir, WIDGET_ASSET_FILES[role]);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      throw new AppError("internal.error", "The widget is not built; `npm start` builds it.", {
        cause: error,
      });
    }
    const cached = cache.get(role);
    if (cached !== undefined && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const body = await readFile(path);
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    const fresh = { body, etag, mtimeMs: info.mtimeMs, size: info.size };
    cache.set(role, fresh);
    return fresh;
  }

  return {
    read,
    /** A short version of the frame's script and stylesheet together, for cache-busting URLs. */
    async frameVersion(): Promise<string> {
      const [script, style] = await Promise.all([read("frameScript"), read("frameStyle")]);
      return createHash("sha256").update(script.etag).update(style.etag).digest("hex").slice(0, 16);
    },
  };
}

export type TWidgetAssets = ReturnType<typeof createWidgetAssets>;
