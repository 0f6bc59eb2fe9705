import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createHarness, rejectsWithCode, type THarness } from "../chat/test-harness";
import { addDepartment } from "./add-department";
import { listDepartments } from "./list-departments";
import { renameDepartment } from "./rename-department";

describe("departments", () => {
  let h: THarness;

  before(async () => {
    h = await createHarness();
  });
  after(() => h.dispose());

  it("adds, renames and lists departments; names are unique per workspace", async () => {
    const sales = await addDepartment(h.deps, h.admin, { name: "  Sales  " });
    assert.equal(sales.name, "Sales");
    assert.equal((await h.store.scoped(h.workspaceId).audit.last())?.action, "department.create");
    await rejectsWithCode(addDepartment(h.deps, h.admin, { name: "Sales" }), "resource.conflict");
    const renamed = await renameDepartment(h.deps, h.admin, { departmentId: sales.id, name: "Sales EU" });
    assert.equal(renamed.name, "Sales EU");
    const audit = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(audit?.action, "department.rename");
    assert.ok(!JSON.stringify(audit).includes("Sales"));
    const agent = await h.addMember("agent", [sales.id]);
    assert.deepEqual(
      (await listDepartments(h.deps, agent)).map((d) => d.name),
      ["General", "Sales EU"],
    );
  });

  it("is an admin's job: others are refused, unknown ids are not found", async () => {
    const manager = await h.addMember("manager", [h.general.id]);
    await rejectsWithCode(addDepartment(h.deps, manager, { name: "Mine" }), "access.denied");
    await rejectsWithCode(
      renameDepartment(h.deps, manager, { departmentId: h.general.id, name: "Mine" }),
      "access.denied",
    );
    await rejectsWithCode(
      renameDepartment(h.deps, h.admin, { departmentId: randomUUID(), name: "X" }),
      "resource.not_found",
    );
    await rejectsWithCode(addDepartment(h.deps, h.admin, { name: "tab\there" }), "request.invalid");
    assert.equal((await h.store.scoped(h.workspaceId).departments.get(h.general.id))?.name, "General");
  });
});
