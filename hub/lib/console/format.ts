/**
 * Dates and durations as the console prints them. Deterministic (UTC, no locale), so a server
 * render and a client render of the same instant agree.
 */

/** `2025-03-04 09:07 UTC`. */
export function formatDateTime(date: Date | string): string {
  const iso = (typeof date === "string" ? new Date(date) : date).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** How long ago, coarsely: "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function formatAgo(date: Date | string, now: Date): string {
  const then = typeof date === "string" ? new Date(date) : date;
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `${days} d ago`;
  return formatDateTime(then).slice(0, 10);
}

/** A duration in words for figures: "45 s", "12 min", "3.5 h", "2.1 d"; "—" when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const seconds = ms / 1000;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${round1(hours)} h`;
  return `${round1(hours / 24)} d`;
}

function round1(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}
