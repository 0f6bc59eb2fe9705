import { type TExportStreamLine, ZExportStreamLine } from "../../../../lib/lifecycle/export-stream-line";

/**
 * Reads the export route's NDJSON stream line by line as it arrives, handing each validated line
 * to `onLine`; a line that does not parse ends the read with an error line.
 */
export async function readExportStream(
  response: Response,
  onLine: (line: TExportStreamLine) => void,
): Promise<void> {
  if (response.body === null) throw new Error("The export answered without a body.");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value !== undefined) buffered += value;
    const lines = buffered.split("\n");
    buffered = done ? "" : (lines.pop() ?? "");
    for (const text of lines) {
      if (text.trim() === "") continue;
      const parsed = ZExportStreamLine.safeParse(safeJson(text));
      onLine(
        parsed.success
          ? parsed.data
          : {
              type: "error",
              error: { code: "internal.error", message: "The export sent something unexpected." },
            },
      );
    }
    if (done) return;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
