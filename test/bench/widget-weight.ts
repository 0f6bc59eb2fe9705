// Widget weight bench: what a visitor downloads, gzipped — the loader the host page includes, and
// the chat frame with all its assets (script, stylesheet, HTML page) — measured on a fresh widget
// build by hub/widget/measure-widget-size.ts (widget-size.ts prints the same sizes in detail).
// Sizes need no baseline; the ratio column is the share of the budget used.
//   node --import tsx test/bench/widget-weight.ts [--smoke] [--rows-out FILE]
import { measureWidgetSizes, WIDGET_SIZE_BUDGET } from "../../hub/widget/measure-widget-size";
import { reportRows } from "./lib/report";
import { fmt, hasFlag } from "./lib/stats";

const isSmoke = hasFlag("--smoke");
const sizes = measureWidgetSizes();
const reproduce = `node --import tsx test/bench/widget-weight.ts${isSmoke ? " --smoke" : ""}`;
const kb = (bytes: number) => `${fmt(bytes / 1000, 2)} KB`;

reportRows([
  {
    name: "widget loader (gzip)",
    figure: `${kb(sizes.loader)} (${fmt(sizes.loader)} B)`,
    baseline: "— (a size)",
    ratio: `${fmt((100 * sizes.loader) / WIDGET_SIZE_BUDGET.loader)}% of budget`,
    target: `≤ ${kb(WIDGET_SIZE_BUDGET.loader)}`,
    met: sizes.loader <= WIDGET_SIZE_BUDGET.loader,
    reproduce,
    values: { bytes: sizes.loader, budget: WIDGET_SIZE_BUDGET.loader },
  },
  {
    name: "widget frame + assets (gzip)",
    figure: `${kb(sizes.frame)} (${fmt(sizes.frame)} B)`,
    baseline: "— (a size)",
    ratio: `${fmt((100 * sizes.frame) / WIDGET_SIZE_BUDGET.frame)}% of budget`,
    target: `≤ ${kb(WIDGET_SIZE_BUDGET.frame)}`,
    met: sizes.frame <= WIDGET_SIZE_BUDGET.frame,
    reproduce,
    values: {
      bytes: sizes.frame,
      budget: WIDGET_SIZE_BUDGET.frame,
      scriptBytes: sizes.frameScript,
      styleBytes: sizes.frameStyle,
      htmlBytes: sizes.frameHtml,
    },
    note: `frame.js ${fmt(sizes.frameScript)} B + frame.css ${fmt(sizes.frameStyle)} B + HTML ${fmt(sizes.frameHtml)} B; 1 KB = 1,000 B`,
  },
]);
