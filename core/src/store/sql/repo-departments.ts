import type { TDepartment } from "../../schemas";
import type { DepartmentRepo } from "../port";
import { fromMs, toMs } from "./codec";
import type { SqlDriver } from "./driver";
import { guard } from "./guard";

const COLUMNS = "id, workspace_id, name, created_at";

function toDepartment(row: Record<string, unknown>): TDepartment {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    name: String(row.name),
    createdAt: fromMs(row.created_at),
  };
}

export function createDepartmentRepo(db: SqlDriver, workspaceId: string): DepartmentRepo {
  const get = (id: string) =>
    guard("department.get", async () => {
      const row = await db.get(`SELECT ${COLUMNS} FROM departments WHERE workspace_id = ? AND id = ?`, [
        workspaceId,
        id,
      ]);
      return row ? toDepartment(row) : null;
    });
  return {
    get,
    create: (input) =>
      guard("department.create", async () => {
        await db.run("INSERT INTO departments (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)", [
          input.id,
          workspaceId,
          input.name,
          toMs(input.createdAt),
        ]);
        return { ...input, workspaceId };
      }),
    list: () =>
      guard("department.list", async () =>
        (
          await db.all(`SELECT ${COLUMNS} FROM departments WHERE workspace_id = ? ORDER BY name, id`, [
            workspaceId,
          ])
        ).map(toDepartment),
      ),
    rename: (id, name) =>
      guard("department.rename", async () => {
        const r = await db.run("UPDATE departments SET name = ? WHERE workspace_id = ? AND id = ?", [
          name,
          workspaceId,
          id,
        ]);
        return r.changes === 0 ? null : get(id);
      }),
    delete: (id) =>
      guard("department.delete", async () => {
        const r = await db.run("DELETE FROM departments WHERE workspace_id = ? AND id = ?", [
          workspaceId,
          id,
        ]);
        return r.changes > 0;
      }),
  };
}
