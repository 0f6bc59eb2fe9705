/**
 * The tag a website pastes into its pages to show the widget. The loader is served by the hub
 * and finds its site by the public key; `async` keeps it from delaying the page.
 *
 * @example buildEmbedSnippet("https://chat.example.com", "site_abc…")
 * // <script src="https://chat.example.com/widget.js" data-site="site_abc…" async></script>
 */
export function buildEmbedSnippet(hubBaseUrl: string, siteKey: string): string {
  return `<script src="${escapeAttribute(`${hubBaseUrl}/widget.js`)}" data-site="${escapeAttribute(siteKey)}" async></script>`;
}

// The URL comes from configuration and the key matches ^site_[A-Za-z0-9]+$, but the snippet is
// pasted into HTML: escaping costs nothing and keeps a strange configured URL from breaking out.
function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
