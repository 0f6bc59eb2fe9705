import { renderVisitorExportHtml, type TVisitorExport, ZVisitorExport } from "@tawkster/core/lifecycle";

/** The formats a visitor export downloads as. */
export const EXPORT_FORMATS = ["json", "html"] as const;
export type TExportFormat = (typeof EXPORT_FORMATS)[number];

// The readable page runs nothing and loads nothing: no script at all (sandboxed, too), only its
// own inline stylesheet. It holds text visitors typed, so this matters even though it is escaped.
const HTML_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "sandbox",
].join("; ");

/**
 * A visitor export as a file download: JSON (portable, `ZVisitorExport`) or a standalone HTML
 * page (readable), always as an attachment, never cached.
 */
export function toExportFileResponse(document: TVisitorExport, format: TExportFormat): Response {
  const checked = ZVisitorExport.parse(document);
  const name = `tawkster-export-${checked.visitor.id}.${format}`;
  const headers: Record<string, string> = {
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (format === "html") {
    return new Response(renderVisitorExportHtml(checked), {
      headers: {
        ...headers,
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": HTML_CSP,
      },
    });
  }
  return new Response(`${JSON.stringify(checked, null, 2)}\n`, {
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
  });
}
