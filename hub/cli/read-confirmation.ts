import { createInterface } from "node:readline";

/** Most text a confirmation read from a pipe may be. */
const MAX_ANSWER_BYTES = 1024;

/**
 * Asks a yes/no question and resolves true only for "yes": a terminal gets the question on stderr
 * and one line is read; a pipe is read to its end (`echo yes | tawkster erase …`). An empty or
 * closed stdin is a "no", so a script that forgets to answer never erases anything.
 */
export async function readConfirmation(
  stdin: NodeJS.ReadStream,
  question: string,
  prompt: (text: string) => void,
): Promise<boolean> {
  const answer = stdin.isTTY ? await readLine(stdin, question, prompt) : await readAll(stdin);
  return answer.trim().toLowerCase() === "yes";
}

function readLine(
  stdin: NodeJS.ReadStream,
  question: string,
  prompt: (text: string) => void,
): Promise<string> {
  prompt(`${question} Type yes to go on: `);
  const lines = createInterface({ input: stdin, terminal: false });
  return new Promise((resolve) => {
    let answered = false;
    lines.once("line", (line) => {
      answered = true;
      lines.close();
      resolve(line);
    });
    lines.once("close", () => {
      if (!answered) resolve("");
    });
  });
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  let text = "";
  for await (const chunk of stdin) {
    text += Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk);
    if (text.length > MAX_ANSWER_BYTES) return "";
  }
  return text;
}
