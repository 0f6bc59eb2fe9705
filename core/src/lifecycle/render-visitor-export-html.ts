import { escapeHtml } from "./escape-html";
import { type TVisitorExport, ZVisitorExport } from "./visitor-export";

// No script runs in the page and nothing is fetched: the CSP allows inline styles only, and every
// value (all of which may be text a visitor typed) is escaped.
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'";

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin-top: 1.75rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; }
ol.messages { list-style: none; padding: 0; }
ol.messages li { margin: .5rem 0; padding: .5rem .75rem; border-radius: .5rem; background: #f3f4f6; }
ol.messages li.visitor { background: #e8f0fe; }
.meta { font-size: .85rem; color: #555; }
.body { white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e5e5e5; }
`;

/**
 * Renders a visitor export as one standalone, readable HTML page (what a person asking for their
 * data can open in any browser): profile, consent, every conversation and the audit trail. Every
 * value is HTML-escaped; the page has no scripts and loads nothing.
 */
export function renderVisitorExportHtml(exported: TVisitorExport): string {
  const doc = ZVisitorExport.parse(exported);
  const e = (value: string | null | undefined) =>
    value === null || value === undefined ? "—" : escapeHtml(value);
  const v = doc.visitor;
  const field = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
  const conversations = doc.conversations
    .map((c, i) => {
      const messages = c.messages
        .map((m) => {
          const who = m.from === "agent" ? e(m.agentName) : m.from === "visitor" ? "You" : "System";
          return `<li class="${m.from}"><div class="meta">${who} · <time datetime="${e(m.sentAt)}">${e(m.sentAt)}</time></div><div class="body">${e(m.body)}</div></li>`;
        })
        .join("\n");
      return `<section>
<h3>Conversation ${i + 1} <span class="meta">(${e(c.id)})</span></h3>
<dl>${field("Website", e(c.siteName))}${field("Team", e(c.departmentName))}${field("Status", e(c.status))}${field("Started", e(c.startedAt))}${field("Last activity", e(c.lastActivityAt))}${field("Closed", e(c.closedAt))}${field("Agents", c.agents.length === 0 ? "—" : c.agents.map(e).join(", "))}${field("Copies shared with", c.sharedWith.length === 0 ? "—" : c.sharedWith.map(e).join(", "))}</dl>
<ol class="messages">
${messages}
</ol>
</section>`;
    })
    .join("\n");
  const audit = doc.auditEvents
    .map(
      (a) =>
        `<tr><td>${e(a.at)}</td><td>${e(a.action)}</td><td>${e(a.resource.type)}</td><td>${e(a.actorType)}</td><td>${e(a.outcome)}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Your data held by ${e(doc.workspaceName)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Your data held by ${e(doc.workspaceName)}</h1>
<p class="meta">Exported ${e(doc.exportedAt)}. This page is a readable copy of the JSON export; both hold the same data.</p>
<h2>About you</h2>
<dl>${field("Visitor id", e(v.id))}${field("Website", e(v.siteName))}${field("Name", e(v.name))}${field("Email", e(v.email))}${field("Identity confirmed by the website", v.identityVerified ? "yes" : "no")}${field("Network address (anonymized)", e(v.ip))}${field("Functional cookies consent", v.consent.functional ? "given" : "not given")}${field("Consent last changed", e(v.consent.updatedAt))}${field("First seen", e(v.firstSeenAt))}${field("Last seen", e(v.lastSeenAt))}</dl>
<h2>Conversations (${doc.conversations.length})</h2>
${conversations || "<p>None.</p>"}
<h2>Record of actions (${doc.auditEvents.length})</h2>
<table><thead><tr><th>When</th><th>Action</th><th>On</th><th>By</th><th>Outcome</th></tr></thead>
<tbody>
${audit}
</tbody></table>
</body>
</html>
`;
}
