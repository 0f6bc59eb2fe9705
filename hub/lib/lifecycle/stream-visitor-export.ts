import { toErrorResponse } from "@tawkster/core/errors";
import { exportVisitor, type TLifecycleDeps } from "@tawkster/core/lifecycle";
import type { TMemberActor } from "@tawkster/core/rbac";
import type { THub } from "../hub-context";
import { type TExportStreamLine, ZExportStreamLine } from "./export-stream-line";
import { holdExport } from "./held-exports";

const encoder = new TextEncoder();

/**
 * Runs core's `exportVisitor` and answers at once with a stream of NDJSON lines — one
 * `progress` line per exported conversation (so a page can show a progress bar that moves), then
 * `done` with the id of the finished export, held for this member to download
 * (`readHeldExport`), or `error`. A failure before the export starts (not allowed, not found,
 * erased) is the response itself, with its status, not a stream.
 */
export async function streamVisitorExport(
  hub: THub,
  deps: TLifecycleDeps,
  actor: TMemberActor,
  visitorId: string,
): Promise<Response> {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let isOpen = true;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      // The page went away; the export still finishes (and is audited), nobody downloads it.
      isOpen = false;
    },
  });
  const send = (line: TExportStreamLine) => {
    if (isOpen) controller?.enqueue(encoder.encode(`${JSON.stringify(ZExportStreamLine.parse(line))}\n`));
  };
  const close = () => {
    if (!isOpen) return;
    isOpen = false;
    controller?.close();
  };

  let markStarted = () => {};
  const started = new Promise<"started">((resolve) => {
    markStarted = () => resolve("started");
  });
  const finished = exportVisitor(
    deps,
    actor,
    { visitorId },
    {
      onProgress: (done, total) => {
        markStarted();
        send({ type: "progress", done, total });
      },
    },
  );
  // Before the first progress line nothing was sent, so a refusal is still an ordinary error response.
  await Promise.race([started, finished]);
  finished.then(
    (document) => {
      const held = holdExport(hub, actor, document);
      send({
        type: "done",
        exportId: held.exportId,
        conversationCount: document.conversations.length,
        messageCount: document.conversations.reduce((sum, c) => sum + c.messages.length, 0),
        expiresAt: held.expiresAt.toISOString(),
      });
      close();
    },
    (error: unknown) => {
      const { status, body: errorBody } = toErrorResponse(error);
      if (status >= 500)
        console.error(`privacy export failed: ${error instanceof Error ? error.name : "unknown"}`);
      send({ type: "error", error: errorBody.error });
      close();
    },
  );
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
