import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { isAppError } from "../errors/app-error";
import type { TWrappedKey } from "./key-store";
import { createKeyring, generateMasterKey } from "./keyring";
import { unwrapDataKey, WRAPPED_KEY_LENGTH, wrapDataKey } from "./wrap-data-key";

const isUnreadable = (error: unknown) => isAppError(error) && error.code === "crypto.unreadable";

describe("wrapDataKey / unwrapDataKey", () => {
  const keyring = createKeyring(generateMasterKey());
  const wrapFor = (
    row: Omit<TWrappedKey, "wrapped" | "kekId" | "createdAt">,
    dataKey: Buffer,
  ): TWrappedKey => ({
    ...row,
    kekId: keyring.current.id,
    wrapped: wrapDataKey(keyring.current, row, dataKey),
    createdAt: new Date(),
  });

  it("unwraps what it wrapped", () => {
    const dataKey = randomBytes(32);
    const row = wrapFor({ workspaceId: "w", id: "k", purpose: "visitor", ownerId: "v" }, dataKey);
    assert.equal(row.wrapped.length, WRAPPED_KEY_LENGTH);
    assert.deepEqual(unwrapDataKey(keyring, row), dataKey);
  });

  // Attack: a database writer copies the wrapped key of one row into another row's identity
  // (another key id, workspace, purpose or owner) to make that data readable under a key it controls.
  it("refuses a wrapped key relabelled as another key, workspace, purpose or owner", () => {
    const row = wrapFor({ workspaceId: "w", id: "k", purpose: "visitor", ownerId: "v" }, randomBytes(32));
    for (const change of [
      { id: "k2" },
      { workspaceId: "w2" },
      { purpose: "workspace" as const, ownerId: null },
      { ownerId: "v2" },
      { kekId: createKeyring(generateMasterKey()).current.id },
    ]) {
      assert.throws(
        () => unwrapDataKey(keyring, { ...row, ...change }),
        isUnreadable,
        JSON.stringify(change),
      );
    }
  });

  it("refuses a flipped bit or a truncation", () => {
    const row = wrapFor({ workspaceId: "w", id: "k", purpose: "workspace", ownerId: null }, randomBytes(32));
    for (let bit = 0; bit < row.wrapped.length * 8; bit += 7) {
      const wrapped = Uint8Array.from(row.wrapped);
      wrapped[bit >> 3] = (wrapped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      assert.throws(() => unwrapDataKey(keyring, { ...row, wrapped }), isUnreadable);
    }
    assert.throws(
      () => unwrapDataKey(keyring, { ...row, wrapped: row.wrapped.subarray(0, 40) }),
      isUnreadable,
    );
  });
});
