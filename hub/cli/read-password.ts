import { CliError } from "./cli-error";

/** The most a password read from stdin may be (the password rules stop at 256 characters). */
const MAX_STDIN_BYTES = 4096;

/**
 * Reads a password from stdin: a pipe (`printf '%s' "$PW" | tawkster …`) is read to its end, one
 * trailing newline dropped; a terminal gets a prompt on stderr and no echo. Passwords never come
 * from flags, whose values land in shell history and in `ps`.
 */
export async function readPassword(
  stdin: NodeJS.ReadStream,
  prompt: (text: string) => void,
): Promise<string> {
  const text = stdin.isTTY ? await readHidden(stdin, prompt) : await readAll(stdin);
  const password = text.replace(/\r?\n$/, "");
  if (password === "") throw new CliError("no password on stdin");
  return password;
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new CliError("the password on stdin is too long");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function readHidden(stdin: NodeJS.ReadStream, prompt: (text: string) => void): Promise<string> {
  prompt("Password: ");
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error: CliError | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      prompt("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish(null);
        if (char === "\u0003") return finish(new CliError("cancelled"));
        if (char === "\u007f" || char === "\b") typed = [...typed].slice(0, -1).join("");
        else typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}
