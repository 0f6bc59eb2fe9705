import { randomUUID } from "node:crypto";
import { AppError } from "@tawkster/core/errors";
import type { TVisitorExport } from "@tawkster/core/lifecycle";
import type { THub } from "../hub-context";

/** How long a finished export waits to be downloaded. */
export const HELD_EXPORT_MS = 10 * 60_000;
/** At most this many finished exports are held per hub; the oldest goes first. */
const MAX_HELD = 20;

type THeldExport = { workspaceId: string; memberId: string; document: TVisitorExport; expiresAt: number };

// Per hub (tests run several in one process), in memory only: a finished export is decrypted
// data, so it is never written to disk, and it is gone after a few minutes or a restart.
const holdings = new WeakMap<THub, Map<string, THeldExport>>();

function holdingOf(hub: THub): Map<string, THeldExport> {
  let held = holdings.get(hub);
  if (held === undefined) {
    held = new Map();
    holdings.set(hub, held);
  }
  const now = Date.now();
  for (const [id, entry] of held) if (entry.expiresAt <= now) held.delete(id);
  return held;
}

/** Keeps a finished export for its member to download; returns its id and when it expires. */
export function holdExport(
  hub: THub,
  owner: { workspaceId: string; memberId: string },
  document: TVisitorExport,
): { exportId: string; expiresAt: Date } {
  const held = holdingOf(hub);
  while (held.size >= MAX_HELD) {
    const oldest = held.keys().next().value;
    if (oldest === undefined) break;
    held.delete(oldest);
  }
  const exportId = randomUUID();
  const expiresAt = Date.now() + HELD_EXPORT_MS;
  held.set(exportId, { ...owner, document, expiresAt });
  return { exportId, expiresAt: new Date(expiresAt) };
}

/**
 * A held export, for the member who made it only: anyone else, an unknown id or an expired one is
 * `resource.not_found` (the id's existence is not confirmed to another member).
 */
export function readHeldExport(
  hub: THub,
  owner: { workspaceId: string; memberId: string },
  exportId: string,
): TVisitorExport {
  const entry = holdingOf(hub).get(exportId);
  if (entry === undefined || entry.workspaceId !== owner.workspaceId || entry.memberId !== owner.memberId) {
    throw new AppError("resource.not_found", "Not found.");
  }
  return entry.document;
}
