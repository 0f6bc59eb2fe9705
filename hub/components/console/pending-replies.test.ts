import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withoutDelivered } from "./pending-replies";
import type { TPendingReply } from "./transcript";

const sending = (localId: string, body: string): TPendingReply => ({ localId, body, state: "sending" });

describe("withoutDelivered", () => {
  it("drops the first placeholder still sending the delivered body, and only that one", () => {
    const list = [sending("l0", "On its way"), sending("l1", "Thanks"), sending("l2", "Thanks")];
    assert.deepEqual(
      withoutDelivered(list, "Thanks").map((p) => p.localId),
      ["l0", "l2"],
    );
  });

  it("keeps a failed placeholder with the same body (that send really failed)", () => {
    const failed: TPendingReply = { localId: "l0", body: "Thanks", state: "failed", error: "Try again." };
    const list = [failed, sending("l1", "Thanks")];
    assert.deepEqual(withoutDelivered(list, "Thanks"), [failed]);
  });

  it("hands back the very same list when no placeholder matches (no re-render)", () => {
    const list = [sending("l0", "On its way")];
    assert.equal(withoutDelivered(list, "Something else"), list);
    assert.equal(withoutDelivered([], "Thanks").length, 0);
  });
});
