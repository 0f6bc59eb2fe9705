import type { TAccessReview } from "./build-access-review";

const HEADER = [
  "Name",
  "Email",
  "Role",
  "Departments",
  "Status",
  "Two-factor",
  "Last sign-in",
  "Active sessions",
  "Flags",
];

/**
 * Neutralizes a cell a spreadsheet would run as a formula (CSV injection): a member's name such as
 * `=HYPERLINK(…)` or `@SUM(…)` starts with a trigger character, so it is prefixed with a single quote
 * and shows as the text it is.
 */
export function neutralizeCsvFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Quotes a cell as RFC 4180 requires: in double quotes, inner quotes doubled, when it holds `"`, `,`, CR or LF. */
export function quoteCsvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * Renders an access review as CSV (RFC 4180: CRLF line ends, quoted where needed), one member per
 * line, with every cell neutralized against formula injection: names and emails come from people.
 */
export function renderAccessReviewCsv(review: TAccessReview): string {
  const rows = review.members.map((m) => [
    m.name,
    m.email,
    m.role,
    m.departments.join("; "),
    m.status,
    m.twoFactorEnabled ? "yes" : "no",
    m.lastSignInAt?.toISOString() ?? "never",
    String(m.activeSessionCount),
    m.flags.join("; "),
  ]);
  return `${[HEADER, ...rows].map((row) => row.map((cell) => quoteCsvCell(neutralizeCsvFormula(cell))).join(",")).join("\r\n")}\r\n`;
}
