import { createHmac } from "node:crypto";
import { type Bus, createMemoryBus } from "@tawkster/core/bus";
import type { TConfig, TMasterKeys } from "@tawkster/core/config";
import { createKeyring, createVault, type Vault } from "@tawkster/core/crypto";
import { AppError } from "@tawkster/core/errors";
import type { Store } from "@tawkster/core/store";
import { openSqliteStore } from "@tawkster/core/store/sqlite";
import { deriveWidgetTokenKey } from "@tawkster/core/widget";
import { type TStoreWrites, watchStoreWrites } from "./watch-store-writes";

/** Everything a request handler, the realtime server or a job needs, opened once at start-up. */
export interface THub {
  readonly config: TConfig;
  readonly store: Store;
  readonly vault: Vault;
  readonly bus: Bus;
  /** Writes to member, conversation and site rows made through `store`, as they start and settle. */
  readonly storeWrites: TStoreWrites;
  /** Signs visitor session tokens; derived from the master key, so nothing else must be configured. */
  readonly widgetTokenKey: Buffer;
  /** Signs and encrypts agent session cookies (next-auth's secret); derived from the master key. */
  readonly authSecret: string;
  readonly now: () => Date;
  close(): Promise<void>;
}

/** The URL agents and visitors reach the hub at: TAWKSTER_PUBLIC_URL, else http://HOST:PORT (no trailing slash). */
export function resolveHubBaseUrl(config: Pick<TConfig, "publicUrl" | "host" | "port">): string {
  if (config.publicUrl !== null) return config.publicUrl;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** Derives a purpose-bound secret from the master key, so one key to back up is enough. */
export function deriveHubSecret(masterKey: Uint8Array, purpose: string): Buffer {
  return createHmac("sha256", masterKey).update(`tawkster/hub-secret/v1/${purpose}`).digest();
}

/** Opens storage and builds the hub's shared services from the validated configuration. */
export async function createHub(config: TConfig, masterKeys: TMasterKeys): Promise<THub> {
  if (config.database.kind !== "sqlite") {
    throw new AppError(
      "config.invalid",
      "TAWKSTER_DATABASE_URL: the PostgreSQL adapter is not available in this version; use sqlite:<path>",
    );
  }
  const { store, writes: storeWrites } = watchStoreWrites(await openSqliteStore(config.database.path));
  const vault = createVault({
    keyring: createKeyring(masterKeys.current, masterKeys.previous),
    keys: store.keys,
  });
  const bus = createMemoryBus();
  return {
    config,
    store,
    vault,
    bus,
    storeWrites,
    widgetTokenKey: deriveWidgetTokenKey(masterKeys.current),
    authSecret: deriveHubSecret(masterKeys.current, "agent-sessions").toString("base64url"),
    now: () => new Date(),
    close: async () => {
      await bus.close();
      await store.close();
    },
  };
}
