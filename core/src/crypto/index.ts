export { KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH } from "./aes-gcm";
export { computeBlindIndex, normalizeEmail, type TBlindIndexKind } from "./blind-index";
export { decryptField, encryptField, FIELD_CIPHERTEXT_VERSION, type TCipherContext } from "./encrypt-field";
export type { KeyStore, TKeyPurpose, TWrappedKey } from "./key-store";
export { computeKekId, createKeyring, generateMasterKey, type Kek, type Keyring } from "./keyring";
export { createMemoryKeyStore } from "./memory-key-store";
export { DEFAULT_ROTATION_BATCH_SIZE, rotateKek } from "./rotate-kek";
export { createVault, DEFAULT_CACHE_SIZE, DEFAULT_CACHE_TTL_MS, type TKeyOwner, type Vault } from "./vault";
export { unwrapDataKey, WRAPPED_KEY_LENGTH, WRAPPED_KEY_VERSION, wrapDataKey } from "./wrap-data-key";
