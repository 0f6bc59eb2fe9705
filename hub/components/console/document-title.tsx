"use client";
import { useEffect } from "react";

/** Sets the tab's title, with an unread count in front when there is one: "(3) Inbox · Tawkster". */
export function DocumentTitle({ title, unread = 0 }: { title: string; unread?: number }) {
  useEffect(() => {
    document.title = `${unread > 0 ? `(${unread}) ` : ""}${title} · Tawkster`;
  }, [title, unread]);
  return null;
}
