// Prints the gzipped sizes of the widget (loader; frame with script, stylesheet and HTML page)
// and exits non-zero when one is over its budget. Run: node --import tsx test/bench/widget-size.ts
import { measureWidgetSizes, WIDGET_SIZE_BUDGET } from "../../hub/widget/measure-widget-size";

const sizes = measureWidgetSizes();
const rows = [
  ["loader (widget.js)", sizes.loader, WIDGET_SIZE_BUDGET.loader],
  ["frame total", sizes.frame, WIDGET_SIZE_BUDGET.frame],
  ["  frame.js", sizes.frameScript, null],
  ["  frame.css", sizes.frameStyle, null],
  ["  frame HTML", sizes.frameHtml, null],
] as const;

let isOver = false;
for (const [name, size, budget] of rows) {
  const verdict = budget === null ? "" : size <= budget ? `ok (budget ${budget})` : `OVER (budget ${budget})`;
  if (budget !== null && size > budget) isOver = true;
  console.log(`${name.padEnd(20)} ${String(size).padStart(6)} B gzipped  ${verdict}`);
}
process.exit(isOver ? 1 : 0);
