import { createServer, type Server } from "node:http";
import { SECURITY_HEADERS } from "../next.config";

/** A stand-in for a customer's website, where the chat widget will be embedded. */
const DEMO_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tawkster demo site</title>
</head>
<body>
<main>
<h1>Tawkster demo site</h1>
<p>This page stands in for a customer's website. The chat widget is not here yet: it arrives with
the hub issue, and this page will then embed it.</p>
</main>
</body>
</html>
`;

/** The demo HTTP server: the page above at `/`, 404 for everything else. */
export function createDemoServer(): Server {
  return createServer((request, response) => {
    for (const { key, value } of SECURITY_HEADERS) response.setHeader(key, value);
    const path = new URL(request.url ?? "/", "http://demo.invalid").pathname;
    const isPage = path === "/" && (request.method === "GET" || request.method === "HEAD");
    response.statusCode = isPage ? 200 : 404;
    response.setHeader("Content-Type", isPage ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.end(request.method === "HEAD" ? undefined : isPage ? DEMO_PAGE : "Not found.\n");
  });
}
