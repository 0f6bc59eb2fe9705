// Where the visitor token lives. Essential mode: sessionStorage only (gone when the tab closes,
// which needs no consent). localStorage only after the site's page passed functional consent
// through the loader, and only while the hub agrees the token may persist. Revoking consent
// deletes the persistent copy at once.

/** The part of the Web Storage API used here (so tests can pass a Map-backed fake). */
export type TStorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Both storages; either may be missing (blocked storage, private modes, sandboxing). */
export type TTokenStorages = { session: TStorageLike | null; local: TStorageLike | null };

/** One key per site: a hub serves many sites, and two may be embedded on one website. */
export function toTokenKey(siteKey: string): string {
  return `tawkster:visitor-token:${siteKey}`;
}

/**
 * The stored token to resume with: from localStorage only when functional consent was given on
 * this page, otherwise (or when there is none) from sessionStorage.
 */
export function readStoredToken(
  storages: TTokenStorages,
  siteKey: string,
  options: { hasFunctionalConsent: boolean },
): string | null {
  const key = toTokenKey(siteKey);
  const persistent = options.hasFunctionalConsent ? safeGet(storages.local, key) : null;
  return persistent ?? safeGet(storages.session, key);
}

/**
 * Stores a token where its kind allows: a persistent one (consent given and the hub issued it as
 * persistent) in localStorage, moving it out of sessionStorage; any other in sessionStorage only.
 */
export function storeToken(
  storages: TTokenStorages,
  siteKey: string,
  token: string,
  options: { isPersistent: boolean },
): void {
  const key = toTokenKey(siteKey);
  if (options.isPersistent && safeSet(storages.local, key, token)) {
    safeRemove(storages.session, key);
    return;
  }
  safeSet(storages.session, key, token);
}

/** Deletes the persistent copy (consent revoked); the session copy, if any, is left alone. */
export function forgetPersistentToken(storages: TTokenStorages, siteKey: string): void {
  safeRemove(storages.local, toTokenKey(siteKey));
}

/** Deletes every copy (the hub refused the token, so it is of no use any more). */
export function forgetToken(storages: TTokenStorages, siteKey: string): void {
  safeRemove(storages.local, toTokenKey(siteKey));
  safeRemove(storages.session, toTokenKey(siteKey));
}

// Storage calls throw when storage is blocked or full; a chat without storage still works.
function safeGet(storage: TStorageLike | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function safeSet(storage: TStorageLike | null, key: string, value: string): boolean {
  try {
    if (storage === null) return false;
    storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

function safeRemove(storage: TStorageLike | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing to undo: a storage that cannot be written holds nothing of ours.
  }
}
