"use client";
import {
  CLOSE_SIGNED_OUT,
  type TConsoleClientFrame,
  type TConsoleServerFrame,
  ZConsoleServerFrame,
} from "@tawkster/core/schemas";
import { useEffect, useRef, useState } from "react";

/** Where the console's realtime connection stands, for the status line. */
export type TSocketStatus = "connecting" | "live" | "reconnecting";

type TSend = (frame: TConsoleClientFrame) => void;

type THandlers = {
  /** Called on every (re)connection: send watch-inbox or subscribe here. */
  onOpen: (send: TSend) => void;
  onFrame: (frame: TConsoleServerFrame) => void;
};

const PING_MS = 25_000;
const MAX_BACKOFF_MS = 30_000;

/** Delay before reconnection attempt `n` (0-based): 0.5 s doubling to 30 s, with ±25 % jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * Holds the console's WebSocket to /api/v1/realtime (same origin; the session cookie authenticates
 * the upgrade). Reconnects with backoff and calls `onOpen` again each time, so the caller resumes
 * from what it already has. A "signed-out" frame or close sends the page to the sign-in page.
 */
export function useConsoleSocket(handlers: THandlers): TSocketStatus {
  const [status, setStatus] = useState<TSocketStatus>("connecting");
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    let socket: WebSocket | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let pingTimer: ReturnType<typeof setInterval> | undefined;
    let isDisposed = false;

    const signOut = () => {
      isDisposed = true;
      socket?.close();
      window.location.assign("/signin");
    };

    const connect = () => {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      const ws = new WebSocket(`${scheme}://${window.location.host}/api/v1/realtime`);
      socket = ws;
      const send: TSend = (frame) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
      };
      ws.addEventListener("open", () => {
        attempt = 0;
        setStatus("live");
        handlersRef.current.onOpen(send);
        pingTimer = setInterval(() => send({ type: "ping" }), PING_MS);
      });
      ws.addEventListener("message", (event) => {
        if (typeof event.data !== "string") return;
        let parsed: ReturnType<typeof ZConsoleServerFrame.safeParse>;
        try {
          parsed = ZConsoleServerFrame.safeParse(JSON.parse(event.data));
        } catch {
          return;
        }
        if (!parsed.success) return;
        if (parsed.data.type === "signed-out") return signOut();
        handlersRef.current.onFrame(parsed.data);
      });
      ws.addEventListener("close", (event) => {
        clearInterval(pingTimer);
        if (isDisposed) return;
        if (event.code === CLOSE_SIGNED_OUT) return signOut();
        setStatus("reconnecting");
        retryTimer = setTimeout(connect, backoffDelay(attempt++));
      });
    };

    connect();
    return () => {
      isDisposed = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      socket?.close();
    };
  }, []);

  return status;
}
