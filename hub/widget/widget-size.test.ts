import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { measureWidgetSizes, WIDGET_SIZE_BUDGET } from "./measure-widget-size";

// Size is a property of the build, not a timing: asserting it in a unit test is not flaky.
describe("widget size", () => {
  const sizes = measureWidgetSizes();

  it(`keeps the loader within ${WIDGET_SIZE_BUDGET.loader} bytes gzipped`, () => {
    assert.ok(sizes.loader <= WIDGET_SIZE_BUDGET.loader, `loader is ${sizes.loader} bytes gzipped`);
  });

  it(`keeps the frame with all its assets within ${WIDGET_SIZE_BUDGET.frame} bytes gzipped`, () => {
    assert.ok(sizes.frame <= WIDGET_SIZE_BUDGET.frame, `frame is ${sizes.frame} bytes gzipped`);
  });
});
