// Bundles the chat widget's browser code with esbuild (minified, ES2019) into hub/.widget-build/:
// loader.js (served as /widget.js), frame.js and frame.css (loaded by the frame page). Like
// build-hub.mjs it skips the work when its inputs did not change since the last build.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync, version as esbuildVersion } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const sources = join(root, "hub", "widget");

/** Where the bundles are written (gitignored). */
export const WIDGET_BUILD_DIR = join(root, "hub", ".widget-build");

/** The files of a widget build, by role. */
export const WIDGET_FILES = { loader: "loader.js", frameScript: "frame.js", frameStyle: "frame.css" };

const stampFile = join(WIDGET_BUILD_DIR, "inputs-hash");
const TARGET = "es2019";
// The CSS equivalent of ES2019: browsers of 2019–2020, the same ones the scripts run on.
const CSS_TARGET = ["chrome80", "edge80", "firefox72", "safari13"];

function hashTree(dir, hash) {
  for (const name of readdirSync(dir).sort()) {
    if (/\.test\.ts$/.test(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashTree(path, hash);
    else hash.update(path).update(readFileSync(path));
  }
}

function inputsHash() {
  const hash = createHash("sha256");
  hash.update(esbuildVersion).update(readFileSync(fileURLToPath(import.meta.url)));
  hashTree(sources, hash);
  return hash.digest("hex");
}

function outputsExist() {
  return Object.values(WIDGET_FILES).every((name) => existsSync(join(WIDGET_BUILD_DIR, name)));
}

// Each file lands in place by rename, so a server reading it never sees half a file.
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function bundle(options) {
  const result = buildSync({
    bundle: true,
    minify: true,
    write: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "warning",
    outdir: WIDGET_BUILD_DIR,
    ...options,
  });
  for (const file of result.outputFiles)
    writeAtomically(join(WIDGET_BUILD_DIR, basename(file.path)), file.contents);
}

/**
 * Builds the widget bundles unless the last build came from the same inputs (or `force`).
 * Returns the output directory, the path of each file, and whether it built now.
 */
export function buildWidget(options = {}) {
  const files = Object.fromEntries(
    Object.entries(WIDGET_FILES).map(([role, name]) => [role, join(WIDGET_BUILD_DIR, name)]),
  );
  const wanted = inputsHash();
  const isFresh = existsSync(stampFile) && readFileSync(stampFile, "utf8") === wanted && outputsExist();
  if (isFresh && !options.force) return { outDir: WIDGET_BUILD_DIR, files, built: false };

  mkdirSync(WIDGET_BUILD_DIR, { recursive: true });
  bundle({
    entryPoints: { loader: join(sources, "loader.ts"), frame: join(sources, "frame", "main.ts") },
    platform: "browser",
    format: "iife",
    target: TARGET,
  });
  bundle({ entryPoints: { frame: join(sources, "frame", "frame.css") }, target: CSS_TARGET });
  writeAtomically(stampFile, wanted);
  return { outDir: WIDGET_BUILD_DIR, files, built: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { built, outDir } = buildWidget({ force: process.argv.includes("--force") });
  console.log(built ? `Built the widget into ${outDir}` : "The widget build is up to date.");
}
