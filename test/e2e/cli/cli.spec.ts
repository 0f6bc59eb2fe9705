import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { toMemberActor } from "@tawkster/core/auth";
import { createMemoryBus } from "@tawkster/core/bus";
import { createKeyring, createVault } from "@tawkster/core/crypto";
import type { Store } from "@tawkster/core/store";
import { openSqliteDatabase, openSqliteStore } from "@tawkster/core/store/sqlite";
import { revealSiteSecret } from "@tawkster/core/workspace";
import { runTawkster, type TCliRun } from "../fixtures/run-cli";

const PASSWORD = "quiet harbour lantern 58";

const tawkster = runTawkster;

/** Asserts a failure: exit 1 and exactly one line on stderr, with no stack trace. */
function assertOneLineFailure(run: TCliRun, pattern: RegExp): void {
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0] ?? "", pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at |Error:/);
}

/** Opens the data dir's store with exactly the given master keys (as a hub configured with them would). */
async function openWithKeys(dataDir: string, current: Buffer, previous: Buffer[] = []) {
  const store = await openSqliteStore(join(dataDir, "tawkster.db"));
  const vault = createVault({ keyring: createKeyring(current, previous), keys: store.keys });
  return { store, deps: { store, vault, bus: createMemoryBus() } };
}

async function firstAdmin(store: Store) {
  const [workspace] = await store.workspaces.list();
  const members = await store.scoped(workspace?.id ?? "").members.list();
  const admin = members.find((m) => m.role === "admin");
  assert.ok(admin);
  return toMemberActor(admin);
}

describe("tawkster CLI", () => {
  const dirs: string[] = [];
  const freshDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "tawkster-cli-"));
    dirs.push(dir);
    return join(dir, "data");
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe("an installation set up from the shell", () => {
    const dataDir = freshDataDir();
    let siteKey = "";
    let identitySecret = "";

    before(async () => {
      const setup = await tawkster(
        [
          "setup",
          "--workspace",
          "Acme Clinic",
          "--name",
          "Ada Admin",
          "--email",
          "ada@acme.example",
          "--password-stdin",
        ],
        { dataDir, stdin: `${PASSWORD}\n` },
      );
      assert.equal(setup.code, 0, setup.stderr);
      assert.match(setup.stdout, /Workspace "Acme Clinic" is set up/);
    });

    it("adds a site and prints its key, embed snippet and identity secret", async () => {
      const run = await tawkster(
        [
          "site",
          "add",
          "--name",
          "Shop",
          "--domain",
          "shop.acme.example",
          "--domain",
          "*.acme.example",
          "--department",
          "general",
        ],
        { dataDir },
      );
      assert.equal(run.code, 0, run.stderr);
      siteKey = /Site key:\s+(\S+)/.exec(run.stdout)?.[1] ?? "";
      identitySecret = /Identity secret:\s+(\S+)/.exec(run.stdout)?.[1] ?? "";
      assert.match(siteKey, /^site_[A-Za-z0-9]{20,40}$/);
      assert.ok(
        run.stdout.includes(
          `<script src="http://127.0.0.1:3000/widget.js" data-site="${siteKey}" async></script>`,
        ),
      );
      assert.ok(identitySecret.length >= 40);
    });

    it("invites a member, who becomes active once their password is set from stdin", async () => {
      const invited = await tawkster(
        [
          "member",
          "add",
          "--email",
          "Bob@Acme.example",
          "--name",
          "Bob Agent",
          "--role",
          "agent",
          "--department",
          "General",
        ],
        { dataDir },
      );
      assert.equal(invited.code, 0, invited.stderr);
      assert.match(invited.stdout, /Invited Bob Agent <bob@acme\.example> as agent/);
      assert.match(invited.stdout, /tawkster member set-password --email bob@acme\.example --password-stdin/);
      const set = await tawkster(
        ["member", "set-password", "--email", "bob@acme.example", "--password-stdin"],
        {
          dataDir,
          stdin: "tidal meadow compass 41\n",
        },
      );
      assert.equal(set.code, 0, set.stderr);
      assert.match(set.stdout, /they are now active/);
    });

    it("verifies the audit chain, every event written by the CLI saying so", async () => {
      const run = await tawkster(["audit", "verify"], { dataDir });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^audit chain verified: 4 events$/m);
      const key = readFileSync(join(dataDir, "master.key"));
      const { store } = await openWithKeys(dataDir, key);
      try {
        const [workspace] = await store.workspaces.list();
        const events = await store.scoped(workspace?.id ?? "").audit.list();
        assert.deepEqual(
          events.map((e) => [e.action, e.details.via]),
          [
            ["workspace.setup", "cli"],
            ["site.create", "cli"],
            ["member.create", "cli"],
            ["member.password.set", "cli"],
          ],
        );
      } finally {
        await store.close();
      }
    });

    it("rotates the master key kept in the data directory; the new key alone still reads the site secret", async () => {
      const oldKey = readFileSync(join(dataDir, "master.key"));
      const run = await tawkster(["keys", "rotate"], { dataDir });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Re-wrapped \d+ data keys under master key [0-9a-f]{16}/);
      const newKey = readFileSync(join(dataDir, "master.key"));
      assert.equal(newKey.length, 32);
      assert.equal(newKey.equals(oldKey), false);
      const previousName = readdirSync(dataDir).find((name) =>
        /^master\.key\.previous-\d{4}-\d\d-\d\d$/.test(name),
      );
      assert.ok(previousName, readdirSync(dataDir).join(", "));
      assert.ok(readFileSync(join(dataDir, previousName)).equals(oldKey));
      for (const name of ["master.key", previousName]) {
        assert.equal(statSync(join(dataDir, name)).mode & 0o777, 0o600, name);
      }
      assert.equal(
        readdirSync(dataDir).some((name) => name.includes(".next") || name.includes(".tmp")),
        false,
      );

      const { store, deps } = await openWithKeys(dataDir, newKey);
      try {
        const admin = await firstAdmin(store);
        const [site] = await store.scoped(admin.workspaceId).sites.list();
        assert.equal(site?.siteKey, siteKey);
        const { identitySecret: revealed } = await revealSiteSecret(deps, admin, { siteId: site?.id ?? "" });
        assert.equal(revealed, identitySecret);
        const rotation = (await store.scoped(admin.workspaceId).audit.list()).find(
          (e) => e.action === "keys.rotate",
        );
        assert.equal(rotation?.details.via, "cli");
      } finally {
        await store.close();
      }
      const verify = await tawkster(["audit", "verify"], { dataDir });
      assert.equal(verify.code, 0, verify.stderr);
    });

    it("names the first tampered audit event and exits 1", async () => {
      const db = openSqliteDatabase(join(dataDir, "tawkster.db"));
      db.prepare("UPDATE audit_events SET details = ? WHERE seq = 2").run('{"via":"sql"}');
      db.close();
      const run = await tawkster(["audit", "verify"], { dataDir });
      assertOneLineFailure(run, /^tawkster audit verify: audit chain broken at seq 2: the event was changed/);
      assert.equal(run.stdout, "");
    });
  });

  it("rotates a master key given in TAWKSTER_MASTER_KEY: prints the new key once and the variables to set", async () => {
    const dataDir = freshDataDir();
    const oldKey = Buffer.alloc(32, 7).toString("base64");
    const env = { TAWKSTER_MASTER_KEY: oldKey, TAWKSTER_SETUP_PASSWORD: PASSWORD };
    const setup = await tawkster(
      ["setup", "--workspace", "Env", "--name", "Eve Admin", "--email", "eve@env.example"],
      {
        dataDir,
        env,
      },
    );
    assert.equal(setup.code, 0, setup.stderr);
    assert.doesNotMatch(setup.stderr, /generated a new master key/);
    const site = await tawkster(["site", "add", "--name", "S", "--domain", "s.example"], { dataDir, env });
    const secret = /Identity secret:\s+(\S+)/.exec(site.stdout)?.[1];
    const run = await tawkster(["keys", "rotate"], { dataDir, env });
    assert.equal(run.code, 0, run.stderr);
    const newKey = /^ {2}TAWKSTER_MASTER_KEY=(\S+)$/m.exec(run.stdout)?.[1] ?? "";
    assert.match(
      run.stdout,
      new RegExp(`^ {2}TAWKSTER_PREVIOUS_MASTER_KEYS=${oldKey.replace(/[+/=]/g, "\\$&")}$`, "m"),
    );
    assert.equal(
      run.stdout.split(newKey).length - 1,
      2,
      "the new key: once shown, once in the variable line",
    );
    assert.equal(readdirSync(dataDir).includes("master.key"), false, "nothing written to disk");

    const { store, deps } = await openWithKeys(dataDir, Buffer.from(newKey, "base64"));
    try {
      const admin = await firstAdmin(store);
      const [row] = await store.scoped(admin.workspaceId).sites.list();
      assert.equal((await revealSiteSecret(deps, admin, { siteId: row?.id ?? "" })).identitySecret, secret);
    } finally {
      await store.close();
    }
  });

  it("refuses bad input with exit 1 and one line naming the problem", async () => {
    const dataDir = freshDataDir();
    const env = { TAWKSTER_SETUP_PASSWORD: PASSWORD };
    assertOneLineFailure(
      await tawkster(["site", "add", "--name", "Shop", "--domain", "shop.example"], { dataDir }),
      /no Tawkster database at .*run `tawkster setup` first/,
    );
    assertOneLineFailure(
      await tawkster(["setup", "--workspace", "W", "--name", "Ada", "--email", "not-an-email"], {
        dataDir,
        env,
      }),
      /^tawkster setup: --email: /,
    );
    assertOneLineFailure(
      await tawkster(["setup", "--workspace", "W", "--name", "Ada", "--email", "ada@w.example"], { dataDir }),
      /no password: .*--password-stdin.*TAWKSTER_SETUP_PASSWORD/,
    );
    assertOneLineFailure(
      await tawkster(
        ["setup", "--workspace", "W", "--name", "Ada", "--email", "ada@w.example", "--password", "x"],
        { dataDir },
      ),
      /unknown option --password/,
    );
    const setup = await tawkster(["setup", "--workspace", "W", "--name", "Ada", "--email", "ada@w.example"], {
      dataDir,
      env,
    });
    assert.equal(setup.code, 0, setup.stderr);
    assertOneLineFailure(
      await tawkster(["setup", "--workspace", "W2", "--name", "Ada", "--email", "ada@w.example"], {
        dataDir,
        env,
      }),
      /already set up/,
    );
    assertOneLineFailure(
      await tawkster(["member", "add", "--email", "bob@w.example", "--name", "Bob", "--role", "owner"], {
        dataDir,
      }),
      /^tawkster member add: --role: must be agent, manager or admin$/,
    );
    assertOneLineFailure(
      await tawkster(["member", "add", "--email", "bob@", "--name", "Bob", "--role", "agent"], { dataDir }),
      /^tawkster member add: --email: /,
    );
    assertOneLineFailure(
      await tawkster(
        [
          "member",
          "add",
          "--email",
          "bob@w.example",
          "--name",
          "Bob",
          "--role",
          "agent",
          "--department",
          "Nope",
        ],
        {
          dataDir,
        },
      ),
      /no department named "Nope"/,
    );
    assertOneLineFailure(
      await tawkster(["site", "add", "--name", "Shop"], { dataDir }),
      /^tawkster site add: --domain: is required$/,
    );
    assertOneLineFailure(
      await tawkster(["site", "add", "--name", "Shop", "--domain", "bad domain/path"], { dataDir }),
      /^tawkster site add: --domain: /,
    );
    assertOneLineFailure(
      await tawkster(["audit", "verify", "--as", "nobody@w.example"], { dataDir }),
      /no active admin/,
    );
    assertOneLineFailure(await tawkster(["frobnicate"], { dataDir }), /unknown command/);
  });

  it("explains every command with --help", async () => {
    const dataDir = freshDataDir();
    const list = await tawkster(["--help"], { dataDir });
    assert.equal(list.code, 0);
    for (const command of [
      "setup",
      "site add",
      "member add",
      "member set-password",
      "audit verify",
      "keys rotate",
    ]) {
      assert.ok(list.stdout.includes(command), command);
      const help = await tawkster([...command.split(" "), "--help"], { dataDir });
      assert.equal(help.code, 0, command);
      assert.match(help.stdout, new RegExp(`^Usage: tawkster ${command}`));
    }
  });
});
