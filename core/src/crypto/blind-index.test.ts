import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { computeBlindIndex, normalizeEmail } from "./blind-index";
import { createKeyring, generateMasterKey } from "./keyring";
import { createMemoryKeyStore } from "./memory-key-store";
import { createVault } from "./vault";

/** An email with some letters upper-cased, some full-width (NFKC folds them back), and padding. */
const disguisedEmail = fc
  .tuple(
    fc.emailAddress(),
    fc.infiniteStream(fc.constantFrom("same", "upper", "fullwidth")),
    fc.constantFrom("", " ", "\t", "\n ", "\u3000"),
    fc.constantFrom("", " ", "  \n"),
  )
  .map(([email, styles, before, after]) => {
    const chars = [...email].map((char) => {
      const style = styles.next().value;
      if (style === "upper") return char.toUpperCase();
      const code = char.charCodeAt(0);
      if (style === "fullwidth" && code > 0x20 && code < 0x7f) return String.fromCharCode(code + 0xfee0);
      return char;
    });
    return { email, disguised: `${before}${chars.join("")}${after}` };
  });

describe("normalizeEmail", () => {
  it("trims, applies NFKC and lower-cases", () => {
    assert.equal(normalizeEmail(" Alice@Example.COM "), "alice@example.com");
    assert.equal(normalizeEmail("ＡＬＩＣＥ@example.com"), "alice@example.com");
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        const once = normalizeEmail(value);
        assert.equal(normalizeEmail(once), once);
      }),
      { numRuns: 200 },
    );
  });
});

describe("computeBlindIndex", () => {
  const key = randomBytes(32);

  it("gives equal indexes for emails that normalize alike", () => {
    fc.assert(
      fc.property(disguisedEmail, ({ email, disguised }) => {
        assert.equal(computeBlindIndex(key, "email", disguised), computeBlindIndex(key, "email", email));
      }),
      { numRuns: 200 },
    );
  });

  it("gives different indexes for different emails, and never a plain hash of the email", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.emailAddress(), (a, b) => {
        fc.pre(normalizeEmail(a) !== normalizeEmail(b));
        const index = computeBlindIndex(key, "email", a);
        assert.notEqual(index, computeBlindIndex(key, "email", b));
        for (const form of [a, normalizeEmail(a)]) {
          assert.notEqual(index, createHash("sha256").update(form).digest("hex"));
        }
        assert.match(index, /^[0-9a-f]{64}$/);
      }),
      { numRuns: 150 },
    );
  });

  it("refuses a key that is not 32 bytes", () => {
    assert.throws(() => computeBlindIndex(randomBytes(16), "email", "a@b.c"), { code: "config.invalid" });
  });
});

describe("vault.blindIndex", () => {
  it("uses one separate key per workspace: equal within it, different across workspaces", async () => {
    const keyring = createKeyring(generateMasterKey());
    const keys = createMemoryKeyStore();
    const vault = createVault({ keyring, keys });
    await fc.assert(
      fc.asyncProperty(disguisedEmail, async ({ email, disguised }) => {
        const inA = await vault.blindIndex("ws-a", "email", email);
        assert.equal(await vault.blindIndex("ws-a", "email", disguised), inA);
        assert.notEqual(await vault.blindIndex("ws-b", "email", email), inA);
      }),
      { numRuns: 100 },
    );
    // Lookups survive a restart: the index key lives (wrapped) in the store, not in the process.
    const restarted = createVault({ keyring, keys });
    assert.equal(
      await restarted.blindIndex("ws-a", "email", "Alice@Example.com"),
      await vault.blindIndex("ws-a", "email", "alice@example.com"),
    );
  });

  it("never lets the blind index key encrypt or decrypt fields", async () => {
    const keys = createMemoryKeyStore();
    const vault = createVault({ keyring: createKeyring(generateMasterKey()), keys });
    await vault.blindIndex("ws", "email", "a@b.c");
    const indexKey = await keys.findKeyByOwner("ws", "blind-index", null);
    assert.ok(indexKey);
    const ctx = { workspaceId: "ws", keyId: indexKey.id, table: "t", rowId: "r", column: "c" };
    await assert.rejects(vault.encrypt(ctx, "x"), { code: "internal.error" });
  });
});
