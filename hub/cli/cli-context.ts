import { existsSync } from "node:fs";
import { join } from "node:path";
import { toMemberActor } from "@tawkster/core/auth";
import { createMemoryBus } from "@tawkster/core/bus";
import {
  loadConfig,
  MASTER_KEY_FILE,
  resolveMasterKey,
  type TConfig,
  type TConfigEnv,
  type TMasterKeys,
} from "@tawkster/core/config";
import { createKeyring, createVault } from "@tawkster/core/crypto";
import type { TMemberActor } from "@tawkster/core/rbac";
import type { Store, TMemberRow } from "@tawkster/core/store";
import { openSqliteStore } from "@tawkster/core/store/sqlite";
import type { TWorkspaceDeps } from "@tawkster/core/workspace";
import { CliError } from "./cli-error";

/** What every command runs on: the hub's configuration, its store and the deps core operations take. */
export type TCliContext = {
  config: TConfig;
  masterKeys: TMasterKeys;
  store: Store;
  /** Core's deps; every audit event written through them says `via: "cli"`. */
  deps: TWorkspaceDeps;
  close(): Promise<void>;
};

/** Where the CLI runs and writes, injectable for tests. */
export type TCliEnvironment = {
  /** Directory relative paths of the configuration resolve against (the repository root, as for the hub). */
  cwd: string;
  /** The variables to read instead of the process environment (tests). */
  env?: TConfigEnv;
  /** Multi-line notices such as the generated-key warning. */
  warn: (text: string) => void;
};

/**
 * Loads the configuration exactly as the hub does and opens the same store. Only `setup` may
 * create a database and a master key; every other command refuses to start on an empty data
 * directory, and nothing ever generates a key beside an existing database (that key could not
 * read anything in it).
 */
export async function openCliContext(
  environment: TCliEnvironment,
  options: { isSetup: boolean },
): Promise<TCliContext> {
  const config = loadConfig(environment.env, { cwd: environment.cwd });
  if (config.database.kind !== "sqlite") {
    throw new CliError("TAWKSTER_DATABASE_URL: the CLI supports sqlite: databases in this version");
  }
  const dbPath = config.database.path;
  const hasDatabase = existsSync(dbPath);
  const hasKey = config.masterKey !== null || existsSync(join(config.dataDir, MASTER_KEY_FILE));
  if (!hasDatabase && !options.isSetup) {
    throw new CliError(
      `no Tawkster database at ${dbPath}; run \`tawkster setup\` first (or set TAWKSTER_DATA_DIR)`,
    );
  }
  if (hasDatabase && !hasKey) {
    throw new CliError(
      `no master key for ${dbPath}: set TAWKSTER_MASTER_KEY or restore ${join(config.dataDir, MASTER_KEY_FILE)}`,
    );
  }
  const masterKeys = resolveMasterKey(config, { log: environment.warn });
  const store = await openSqliteStore(dbPath);
  const vault = createVault({
    keyring: createKeyring(masterKeys.current, masterKeys.previous),
    keys: store.keys,
  });
  const bus = createMemoryBus();
  return {
    config,
    masterKeys,
    store,
    deps: { store, vault, bus, auditDetails: { via: "cli" } },
    close: async () => {
      await bus.close();
      await store.close();
    },
  };
}

/**
 * The admin the CLI acts as: the active admin with `--as` EMAIL, or else the only active admin of
 * the installation. Their row is read now, so the actor has their current role and departments.
 */
export async function resolveActingAdmin(store: Store, asEmail: string | undefined): Promise<TMemberActor> {
  const admins =
    asEmail === undefined ? await listActiveAdmins(store) : await findActiveAdmins(store, asEmail);
  const [admin, ...others] = admins;
  if (admin === undefined) {
    throw new CliError(
      asEmail === undefined
        ? "there is no active admin yet; run `tawkster setup` first"
        : `no active admin has the email ${asEmail}`,
    );
  }
  if (others.length > 0) {
    throw new CliError(
      asEmail === undefined
        ? "there are several active admins; choose one with --as EMAIL"
        : `several workspaces have an active admin ${asEmail}`,
    );
  }
  return toMemberActor(admin);
}

async function listActiveAdmins(store: Store): Promise<TMemberRow[]> {
  const admins: TMemberRow[] = [];
  for (const workspace of await store.workspaces.list()) {
    const members = await store.scoped(workspace.id).members.list();
    admins.push(...members.filter(isActiveAdmin));
  }
  return admins;
}

async function findActiveAdmins(store: Store, email: string): Promise<TMemberRow[]> {
  return (await store.findMembersByEmail(email.trim().toLowerCase())).filter(isActiveAdmin);
}

function isActiveAdmin(member: TMemberRow): boolean {
  return member.role === "admin" && member.status === "active";
}
