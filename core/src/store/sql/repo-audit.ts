import { chainAuditEvent } from "../../audit";
import { newTimeOrderedId } from "../../ids/new-time-ordered-id";
import { type TAuditEvent, ZAuditEventInput } from "../../schemas";
import type { AuditRepo } from "../port";
import { fromMs, toMs } from "./codec";
import type { SqlDriver, SqlExecutor } from "./driver";
import { guard } from "./guard";

const COLUMNS =
  "workspace_id, seq, id, at, actor_type, actor_id, action, resource_type, resource_id, outcome, details, prev_hash, hash";
const MAX_PAGE = 1000;

function toEvent(row: Record<string, unknown>): TAuditEvent {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    seq: Number(row.seq),
    at: fromMs(row.at),
    actor: {
      type: String(row.actor_type) as TAuditEvent["actor"]["type"],
      id: row.actor_id === null ? null : String(row.actor_id),
    },
    action: String(row.action),
    resource: {
      type: String(row.resource_type),
      id: row.resource_id === null ? null : String(row.resource_id),
    },
    outcome: String(row.outcome) as TAuditEvent["outcome"],
    details: JSON.parse(String(row.details)),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

async function lastEvent(db: SqlExecutor, workspaceId: string): Promise<TAuditEvent | null> {
  const row = await db.get(
    `SELECT ${COLUMNS} FROM audit_events WHERE workspace_id = ? ORDER BY seq DESC LIMIT 1`,
    [workspaceId],
  );
  return row ? toEvent(row) : null;
}

export function createAuditRepo(db: SqlDriver, workspaceId: string): AuditRepo {
  return {
    append: (input, at = new Date()) =>
      guard("audit.append", () => {
        const clean = ZAuditEventInput.parse(input);
        // Reading the tail and inserting its successor in one transaction keeps the chain linear
        // even when several requests audit at once.
        return db.transaction(async (tx) => {
          const previous = await lastEvent(tx, workspaceId);
          const event = chainAuditEvent(previous, clean, {
            id: newTimeOrderedId(at.getTime()),
            workspaceId,
            at,
          });
          await tx.run(
            `INSERT INTO audit_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              workspaceId,
              event.seq,
              event.id,
              toMs(event.at),
              event.actor.type,
              event.actor.id,
              event.action,
              event.resource.type,
              event.resource.id,
              event.outcome,
              JSON.stringify(event.details),
              event.prevHash,
              event.hash,
            ],
          );
          return event;
        });
      }),
    list: (options = {}) =>
      guard("audit.list", async () =>
        (
          await db.all(
            `SELECT ${COLUMNS} FROM audit_events WHERE workspace_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
            [workspaceId, options.afterSeq ?? 0, Math.min(options.limit ?? MAX_PAGE, MAX_PAGE)],
          )
        ).map(toEvent),
      ),
    last: () => guard("audit.last", () => lastEvent(db, workspaceId)),
    deleteBefore: (seq) =>
      guard("audit.deleteBefore", async () => {
        const r = await db.run("DELETE FROM audit_events WHERE workspace_id = ? AND seq < ?", [
          workspaceId,
          seq,
        ]);
        return r.changes;
      }),
  };
}
