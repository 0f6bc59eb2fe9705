import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isAppError } from "../errors/app-error";
import type { TCipherContext } from "./encrypt-field";
import type { KeyStore } from "./key-store";
import { createKeyring, generateMasterKey } from "./keyring";
import { createMemoryKeyStore } from "./memory-key-store";
import { rotateKek } from "./rotate-kek";
import { createVault } from "./vault";

const isUnreadable = (error: unknown) => isAppError(error) && error.code === "crypto.unreadable";

interface TStoredField {
  ctx: TCipherContext;
  plaintext: string;
  sealed: Uint8Array;
  /** A copy taken at write time, to prove rotation never touched the field. */
  original: Buffer;
}

/** Writes a few workspaces with visitors and messages under `oldKey`; returns the stored fields. */
async function seed(keys: KeyStore, oldKey: Buffer, shape: number[][]): Promise<TStoredField[]> {
  const vault = createVault({ keyring: createKeyring(oldKey), keys });
  const fields: TStoredField[] = [];
  for (const [w, visitors] of shape.entries()) {
    const workspaceId = `ws-${w}`;
    await vault.blindIndex(workspaceId, "email", "someone@example.com");
    for (const [v, messageCount] of visitors.entries()) {
      const keyId = await vault.ensureKey({ workspaceId, purpose: "visitor", ownerId: `visitor-${v}` });
      for (let m = 0; m < messageCount; m++) {
        const ctx = { workspaceId, keyId, table: "messages", rowId: `${v}-${m}`, column: "body" };
        const plaintext = `message ${m} of visitor ${v} in ${workspaceId}`;
        const sealed = await vault.encrypt(ctx, plaintext);
        fields.push({ ctx, plaintext, sealed, original: Buffer.from(sealed) });
      }
    }
  }
  return fields;
}

const shapes = fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }), {
  minLength: 1,
  maxLength: 3,
});

describe("rotateKek", () => {
  it("re-wraps every data key under the new KEK without touching field ciphertexts", async () => {
    await fc.assert(
      fc.asyncProperty(shapes, fc.integer({ min: 1, max: 5 }), async (shape, batchSize) => {
        const keys = createMemoryKeyStore();
        const oldKey = generateMasterKey();
        const newKey = generateMasterKey();
        const fields = await seed(keys, oldKey, shape);
        const before = await keys.listKeysNotWrappedBy("none", 1000);

        const rotation = createKeyring(newKey, [oldKey]);
        const { rewrapped } = await rotateKek({ keys, keyring: rotation, batchSize });
        assert.equal(rewrapped, before.length);

        // Every row now carries the new KEK id, and the same rows are still there.
        const after = await keys.listKeysNotWrappedBy("none", 1000);
        assert.equal(after.length, before.length);
        assert.ok(after.every((row) => row.kekId === rotation.current.id));
        assert.deepEqual(await keys.listKeysNotWrappedBy(rotation.current.id, 1000), []);

        // A process holding only the new KEK reads everything; field bytes are unchanged.
        const onlyNew = createVault({ keyring: createKeyring(newKey), keys });
        for (const { ctx, plaintext, sealed, original } of fields) {
          assert.ok(original.equals(sealed));
          assert.equal(await onlyNew.decrypt(ctx, sealed), plaintext);
        }
        assert.equal(
          await onlyNew.blindIndex("ws-0", "email", "someone@example.com"),
          await createVault({ keyring: rotation, keys }).blindIndex("ws-0", "email", "someone@example.com"),
        );

        // A process holding only the old KEK can no longer unwrap anything.
        const onlyOld = createVault({ keyring: createKeyring(oldKey), keys });
        for (const { ctx, sealed } of fields)
          await assert.rejects(onlyOld.decrypt(ctx, sealed), isUnreadable);

        // Running it again has nothing left to do.
        assert.deepEqual(await rotateKek({ keys, keyring: rotation, batchSize }), { rewrapped: 0 });
      }),
      { numRuns: 30 },
    );
  });

  it("keeps every row readable mid-rotation with old and new KEKs, and resumes after a crash", async () => {
    const keys = createMemoryKeyStore();
    const oldKey = generateMasterKey();
    const newKey = generateMasterKey();
    const fields = await seed(keys, oldKey, [
      [2, 1, 3],
      [1, 1],
    ]);
    const rotation = createKeyring(newKey, [oldKey]);

    let updatesLeft = 3;
    const crashing: KeyStore = {
      ...keys,
      async updateWrapping(...args) {
        if (updatesLeft-- === 0) throw new Error("process killed");
        return keys.updateWrapping(...args);
      },
    };
    await assert.rejects(rotateKek({ keys: crashing, keyring: rotation, batchSize: 2 }), /process killed/);
    const rows = await keys.listKeysNotWrappedBy("none", 1000);
    assert.ok(rows.some((row) => row.kekId === rotation.current.id));
    assert.ok(rows.some((row) => row.kekId !== rotation.current.id));

    const during = createVault({ keyring: rotation, keys });
    for (const { ctx, plaintext, sealed } of fields)
      assert.equal(await during.decrypt(ctx, sealed), plaintext);

    await rotateKek({ keys, keyring: rotation, batchSize: 2 });
    const onlyNew = createVault({ keyring: createKeyring(newKey), keys });
    for (const { ctx, plaintext, sealed } of fields)
      assert.equal(await onlyNew.decrypt(ctx, sealed), plaintext);
  });

  it("stops with config.invalid when the keyring lacks the KEK a key is wrapped by", async () => {
    const keys = createMemoryKeyStore();
    await seed(keys, generateMasterKey(), [[1]]);
    await assert.rejects(rotateKek({ keys, keyring: createKeyring(generateMasterKey()) }), {
      code: "config.invalid",
    });
  });

  it("stops instead of looping forever when the store does not persist the new wrapping", async () => {
    const keys = createMemoryKeyStore();
    const oldKey = generateMasterKey();
    await seed(keys, oldKey, [[1, 1]]);
    const forgetful: KeyStore = { ...keys, async updateWrapping() {} };
    await assert.rejects(
      rotateKek({ keys: forgetful, keyring: createKeyring(generateMasterKey(), [oldKey]), batchSize: 10 }),
      { code: "storage.failed" },
    );
  });
});
