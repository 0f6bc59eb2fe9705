/**
 * A progress bar (role="progressbar" with aria-valuenow, so assistive technology hears it move).
 * The fill is an SVG rectangle whose width is an attribute: the console's CSP allows no inline
 * style, which a CSS width would need.
 */
export function ExportProgress({
  done,
  total,
  isFinished,
}: {
  done: number;
  total: number;
  isFinished: boolean;
}) {
  const percent = total === 0 ? (isFinished ? 100 : 0) : Math.min(100, Math.round((done / total) * 100));
  return (
    <div className="p-progress">
      <div
        role="progressbar"
        aria-label="Export progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% (${done} of ${total} conversations)`}
      >
        <svg
          className="p-progress__track"
          viewBox="0 0 100 10"
          preserveAspectRatio="none"
          aria-hidden="true"
          focusable="false"
        >
          <rect className="p-progress__fill" x="0" y="0" width={percent} height="10" />
        </svg>
      </div>
      <p className="p-progress__label">
        {done} of {total} conversation{total === 1 ? "" : "s"} exported
      </p>
    </div>
  );
}
