// Test support (never imported by production code): a WebSocket client that records the frames it
// receives and waits for the ones a test expects.
import WebSocket from "ws";

type TFrame = { type: string; [key: string]: unknown };

/** A recorded realtime connection. */
export class TestSocket {
  readonly frames: TFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.frames.push(JSON.parse(String(data)) as TFrame);
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        resolve({ code, reason: String(reason) });
        for (const wake of this.waiters) wake();
      });
    });
  }

  /** Opens a connection; rejects with `HTTP <status>` when the upgrade is refused. */
  static open(url: string, headers: Record<string, string>): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new TestSocket(socket);
      socket.once("open", () => resolve(client));
      socket.once("unexpected-response", (_request, response) => {
        reject(new Error(`HTTP ${response.statusCode}`));
        response.resume();
      });
      socket.once("error", (error) => reject(error));
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The frames of a type received so far. */
  ofType(type: string): TFrame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** Waits until `count` frames match, and returns them. */
  async waitFor(predicate: (frame: TFrame) => boolean, count = 1, timeoutMs = 5_000): Promise<TFrame[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.frames.filter(predicate);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${count} frame(s); got ${JSON.stringify(this.frames.map((f) => f.type))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** Round-trips a ping, so every frame the server sent before its pong has arrived. */
  async settle(): Promise<void> {
    const pongs = this.ofType("pong").length;
    this.send({ type: "ping" });
    await this.waitFor((frame) => frame.type === "pong", pongs + 1);
  }

  close(): void {
    this.socket.close();
  }
}

/** The `error.code` of an error frame (undefined for anything else). */
export function errorCodeOf(frame: TFrame | undefined): string | undefined {
  const error = frame?.error as { code?: unknown } | undefined;
  return typeof error?.code === "string" ? error.code : undefined;
}
