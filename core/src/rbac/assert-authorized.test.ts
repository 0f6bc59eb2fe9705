import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "../errors/app-error";
import type { TMemberActor } from "./actors";
import { assertAuthorized } from "./assert-authorized";
import type { TResource } from "./resources";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const agent: TMemberActor = {
  type: "member",
  workspaceId: id(1),
  memberId: id(2),
  role: "agent",
  departmentIds: [id(3)],
  status: "active",
};
const own: TResource = { type: "workspace", workspaceId: id(1) };
const foreign: TResource = { type: "workspace", workspaceId: id(9) };

describe("assertAuthorized", () => {
  it("returns quietly when allowed", () => {
    assert.equal(assertAuthorized(agent, "conversation.list", own), undefined);
  });

  it("throws access.denied (403) for a visible resource the actor may not change", () => {
    assert.throws(
      () => assertAuthorized(agent, "policy.manage", own),
      (error) => isAppError(error) && error.code === "access.denied" && error.status === 403,
    );
  });

  it("throws resource.not_found (404) across workspaces, so existence does not leak", () => {
    assert.throws(
      () => assertAuthorized(agent, "policy.manage", foreign),
      (error) => isAppError(error) && error.code === "resource.not_found" && error.status === 404,
    );
  });
});
