import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createMemoryBus } from "../bus/create-memory-bus";
import { rejectsWithCode } from "../chat/test-harness";
import { createKeyring, generateMasterKey } from "../crypto/keyring";
import { createVault } from "../crypto/vault";
import { openSqliteStore } from "../store/sqlite";
import { setupWorkspace } from "./setup-workspace";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freshDeps() {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-setup-"));
  dirs.push(dir);
  const store = await openSqliteStore(join(dir, "t.db"));
  const vault = createVault({ keyring: createKeyring(generateMasterKey()), keys: store.keys });
  return { store, vault, bus: createMemoryBus() };
}

const input = {
  workspaceName: "  Acme Health ",
  admin: { email: " Ada@Acme.TEST ", name: "Ada Admin", passwordHash: "$argon2id$v=19$secret-hash" },
};

describe("setupWorkspace", () => {
  it("creates the workspace, General, an empty policy, the workspace key and an active admin, audited", async () => {
    const deps = await freshDeps();
    const { workspace, admin, department } = await setupWorkspace(deps, input);
    assert.equal(workspace.name, "Acme Health");
    assert.equal(department.name, "General");
    assert.deepEqual(
      [admin.email, admin.role, admin.status, admin.twoFactorEnabled, admin.departmentIds],
      ["ada@acme.test", "admin", "active", false, [department.id]],
    );
    assert.ok(!("passwordHash" in admin) && !("totpSecretCipher" in admin));
    assert.ok(!JSON.stringify(admin).includes("argon2"));
    const scope = deps.store.scoped(workspace.id);
    assert.equal((await scope.members.get(admin.id))?.passwordHash, input.admin.passwordHash);
    assert.deepEqual((await scope.policies.get({ type: "workspace" }))?.settings, {});
    assert.ok(await deps.store.keys.findKeyByOwner(workspace.id, "workspace", null));
    const [event] = await scope.audit.list();
    assert.equal(event?.action, "workspace.setup");
    assert.deepEqual(event?.actor, { type: "anonymous", id: null });
    assert.ok(!JSON.stringify(event).includes("ada@"));
    await deps.store.close();
  });

  // Attack: re-running first-run setup on an installed hub to create an admin of one's own.
  it("runs only once, even when two setups race", async () => {
    const deps = await freshDeps();
    const results = await Promise.allSettled([setupWorkspace(deps, input), setupWorkspace(deps, input)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
    await rejectsWithCode(setupWorkspace(deps, input), "resource.conflict");
    assert.equal((await deps.store.workspaces.list()).length, 1);
    await deps.store.close();
  });

  it("refuses invalid input without creating anything", async () => {
    const deps = await freshDeps();
    await rejectsWithCode(
      setupWorkspace(deps, { ...input, admin: { ...input.admin, email: "nope" } }),
      "request.invalid",
    );
    await rejectsWithCode(setupWorkspace(deps, { ...input, workspaceName: " " }), "request.invalid");
    assert.equal((await deps.store.workspaces.list()).length, 0);
    await deps.store.close();
  });
});
