import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createFakeStorage } from "./test-doubles";
import {
  forgetPersistentToken,
  readStoredToken,
  storeToken,
  type TTokenStorages,
  toTokenKey,
} from "./token-storage";

const siteKey = "site_abcdefghijklmnopqrst";
const key = toTokenKey(siteKey);

function storages() {
  const session = createFakeStorage();
  const local = createFakeStorage();
  return { session, local, both: { session, local } satisfies TTokenStorages };
}

describe("visitor token storage", () => {
  it("keeps a non-persistent token in sessionStorage only", () => {
    const { session, local, both } = storages();
    storeToken(both, siteKey, "t1", { isPersistent: false });
    assert.equal(session.map.get(key), "t1");
    assert.equal(local.map.size, 0);
  });

  it("moves a persistent token to localStorage", () => {
    const { session, local, both } = storages();
    storeToken(both, siteKey, "t1", { isPersistent: false });
    storeToken(both, siteKey, "t2", { isPersistent: true });
    assert.equal(local.map.get(key), "t2");
    assert.equal(session.map.has(key), false);
  });

  // Storing without consent: the persistent copy must not even be read unless the page passed
  // functional consent on this load.
  it("reads localStorage only with functional consent", () => {
    const { session, local, both } = storages();
    local.map.set(key, "persistent");
    assert.equal(readStoredToken(both, siteKey, { hasFunctionalConsent: false }), null);
    session.map.set(key, "session");
    assert.equal(readStoredToken(both, siteKey, { hasFunctionalConsent: false }), "session");
    assert.equal(readStoredToken(both, siteKey, { hasFunctionalConsent: true }), "persistent");
  });

  it("deletes the persistent copy when consent is revoked", () => {
    const { local, both } = storages();
    storeToken(both, siteKey, "t", { isPersistent: true });
    forgetPersistentToken(both, siteKey);
    assert.equal(local.map.size, 0);
  });

  it("falls back to sessionStorage when localStorage cannot be written, and survives blocked storage", () => {
    const session = createFakeStorage();
    storeToken({ session, local: createFakeStorage(true) }, siteKey, "t", { isPersistent: true });
    assert.equal(session.map.get(key), "t");
    const blocked = { session: createFakeStorage(true), local: null };
    assert.doesNotThrow(() => storeToken(blocked, siteKey, "t", { isPersistent: false }));
    assert.equal(readStoredToken(blocked, siteKey, { hasFunctionalConsent: true }), null);
  });

  it("keeps each site's token apart", () => {
    const { session, both } = storages();
    storeToken(both, siteKey, "a", { isPersistent: false });
    storeToken(both, "site_zyxwvutsrqponmlkjihg", "b", { isPersistent: false });
    assert.equal(session.map.size, 2);
    assert.equal(readStoredToken(both, siteKey, { hasFunctionalConsent: false }), "a");
  });
});
