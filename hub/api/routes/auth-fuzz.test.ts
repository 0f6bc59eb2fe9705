import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type Algorithm, hash } from "@node-rs/argon2";
import {
  beginTotpEnrollment,
  computeTotp,
  confirmTotpEnrollment,
  signInSubjectOf,
  toMemberActor,
} from "@tawkster/core/auth";
import { ZErrorBody } from "@tawkster/core/errors";
import { authDepsOf } from "../../lib/auth/auth-deps";
import { callApi, createTestHub, signInThroughHandler } from "../../lib/auth/test-hub";
import type { THub } from "../../lib/hub-context";

// Attack: hostile input (the Big List of Naughty Strings) in every field of the unauthenticated
// sign-in and setup handlers, looking for a crash, a 500 or an answer outside the one error shape.
const BLNS_PATH = fileURLToPath(new URL("../../../../shared/fuzz/blns.json", import.meta.url));

function loadNaughtyStrings(): string[] {
  if (!existsSync(BLNS_PATH)) {
    throw new Error(`The fuzz corpus is missing: expected the BLNS JSON array at ${BLNS_PATH}`);
  }
  const parsed: unknown = JSON.parse(readFileSync(BLNS_PATH, "utf8"));
  assert.ok(
    Array.isArray(parsed) && parsed.every((s) => typeof s === "string"),
    "blns.json must be an array of strings",
  );
  return parsed as string[];
}

let ipCounter = 0;
/** A new client address per request, so the per-IP limits do not turn every answer into a 429. */
function nextIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

async function assertHandled(response: Response, what: string): Promise<number> {
  assert.ok(response.status < 500, `${what}: answered ${response.status}`);
  const body: unknown = await response.json();
  if (response.status >= 400) assert.ok(ZErrorBody.safeParse(body).success, `${what}: not the error shape`);
  return response.status;
}

const ADMIN = { email: "ada@clinic.example", password: "violet tractor umbrella 42", name: "Ada Admin" };

describe("fuzz: setup and sign-in with the Big List of Naughty Strings", () => {
  const strings = loadNaughtyStrings();
  let hub: THub;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ hub, dispose } = await createTestHub());
  });
  after(async () => dispose());

  it("has the whole corpus", () => {
    assert.ok(strings.length >= 500, `only ${strings.length} strings`);
  });

  it("setup: every string as workspace name, name, email or password is refused in the error shape or accepted", async () => {
    const statuses = new Set<number>();
    for (const field of ["workspaceName", "name", "email", "password"] as const) {
      for (const value of strings) {
        const body = {
          workspaceName: "Clinic",
          name: "Grace Hopper",
          email: "grace@clinic.example",
          password: "violet tractor umbrella 42",
          [field]: value,
        };
        const response = await callApi(hub, "POST", "/api/v1/setup", { body, clientIp: nextIp() });
        statuses.add(await assertHandled(response, `setup ${field}=${JSON.stringify(value).slice(0, 40)}`));
      }
    }
    assert.ok(statuses.has(400) && statuses.has(201) && statuses.has(404), [...statuses].join(","));
  });

  it("sign-in: every string as email, password or code is refused in the error shape, never a 500", async () => {
    const [workspace] = await hub.store.workspaces.list();
    assert.ok(workspace);
    const scope = hub.store.scoped(workspace.id);
    // A cheap hash for the admin, so 500 password checks take milliseconds, not a minute.
    const admin = await scope.members.findByEmail("grace@clinic.example");
    assert.ok(admin);
    const cheap = await hash(ADMIN.password, {
      algorithm: 2 as Algorithm,
      memoryCost: 1024,
      timeCost: 1,
      parallelism: 1,
    });
    await scope.members.update(admin.id, { passwordHash: cheap });
    const deps = authDepsOf(hub);
    const started = await beginTotpEnrollment(deps, toMemberActor(admin), {});
    await confirmTotpEnrollment(deps, toMemberActor(admin), {
      enrollmentToken: started.enrollmentToken,
      code: computeTotp(started.secret, new Date()),
    });
    const email = admin.email;
    for (const field of ["email", "password", "code"] as const) {
      for (const value of strings) {
        const credentials = { email, password: ADMIN.password, code: "", [field]: value };
        const { response } = await signInThroughHandler(hub, credentials, { clientIp: nextIp() });
        const status = await assertHandled(
          response,
          `sign-in ${field}=${JSON.stringify(value).slice(0, 40)}`,
        );
        assert.notEqual(status, 200, `sign-in ${field}=${JSON.stringify(value)} was accepted`);
        // Forget the failures: every string must reach the checks, not the lockout.
        await hub.store.signInThrottle.delete(
          signInSubjectOf(typeof credentials.email === "string" ? credentials.email : ""),
        );
      }
    }
  });
});
