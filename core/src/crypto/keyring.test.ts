import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isAppError } from "../errors/app-error";
import { createKeyring, generateMasterKey } from "./keyring";

describe("createKeyring", () => {
  it("rejects master keys that are not 32 bytes, current or previous, without echoing them", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }).filter((key) => key.length !== 32),
        fc.boolean(),
        (badKey, asPrevious) => {
          const attempt = () =>
            asPrevious ? createKeyring(generateMasterKey(), [badKey]) : createKeyring(badKey);
          assert.throws(attempt, (error: unknown) => {
            assert.ok(isAppError(error));
            assert.equal(error.code, "config.invalid");
            assert.doesNotMatch(error.message, /[0-9a-f]{16}/);
            return true;
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("names each KEK by the first 16 hex chars of SHA-256('tawkster-kek-id' || key) and finds old ones", () => {
    const oldKey = generateMasterKey();
    const newKey = generateMasterKey();
    const keyring = createKeyring(newKey, [oldKey]);
    const expectedId = (key: Buffer) =>
      createHash("sha256")
        .update(Buffer.concat([Buffer.from("tawkster-kek-id"), key]))
        .digest("hex")
        .slice(0, 16);
    assert.equal(keyring.current.id, expectedId(newKey));
    assert.deepEqual(keyring.find(expectedId(oldKey))?.key, oldKey);
    assert.equal(keyring.find(keyring.current.id), keyring.current);
    assert.equal(keyring.find("0000000000000000"), null);
  });

  it("copies key material, so wiping the caller's buffer leaves the keyring intact", () => {
    const key = generateMasterKey();
    const copy = Buffer.from(key);
    const keyring = createKeyring(key);
    key.fill(0);
    assert.deepEqual(keyring.current.key, copy);
  });
});
