import { z } from "zod";

// Its own module, importing zod only: the console's export page parses these lines in the browser.

/** One line of the export progress stream (NDJSON): progress, then the held result or an error. */
export const ZExportStreamLine = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), done: z.number().int().min(0), total: z.number().int().min(0) }),
  z.object({
    type: z.literal("done"),
    exportId: z.uuid(),
    conversationCount: z.number().int().min(0),
    messageCount: z.number().int().min(0),
    /** When the held result can no longer be downloaded. */
    expiresAt: z.iso.datetime(),
  }),
  z.object({ type: z.literal("error"), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type TExportStreamLine = z.infer<typeof ZExportStreamLine>;
