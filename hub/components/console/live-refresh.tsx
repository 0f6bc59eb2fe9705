"use client";
import { MAX_INBOX_IDS } from "@tawkster/core/schemas";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { LiveStatus } from "./live-status";
import { useConsoleSocket } from "./use-console-socket";

const DEBOUNCE_MS = 400;

/**
 * Keeps a server-rendered list current: watches the inbox and re-renders the page (which re-reads
 * through core) a moment after the last change notice, so a burst of messages costs one refresh.
 * It names the conversations the page lists, so the hub also tells it when one of them is deleted.
 */
export function LiveRefresh({ conversationIds = [] }: { conversationIds?: readonly string[] }) {
  const listed = useRef(conversationIds);
  listed.current = conversationIds;
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hasConnected = useRef(false);
  useEffect(() => () => clearTimeout(timer.current), []);
  const status = useConsoleSocket({
    onOpen: (send) => {
      send({ type: "watch-inbox", conversationIds: listed.current.slice(0, MAX_INBOX_IDS) });
      // After a reconnection: anything may have changed while we were away.
      if (hasConnected.current) router.refresh();
      hasConnected.current = true;
    },
    onFrame: (frame) => {
      if (frame.type !== "inbox-changed" && frame.type !== "conversation") return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => router.refresh(), DEBOUNCE_MS);
    },
  });
  return <LiveStatus status={status} />;
}
