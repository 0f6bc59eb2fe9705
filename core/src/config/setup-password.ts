import type { TConfigEnv } from "./load-config";

/**
 * The first admin's password from TAWKSTER_SETUP_PASSWORD, for unattended `tawkster setup` (a
 * variable, unlike a flag, does not land in shell history); null when unset or blank. Only the CLI
 * reads it, and only for setup: it is not part of the hub's configuration.
 */
export function readSetupPassword(env: TConfigEnv = process.env): string | null {
  const value = env.TAWKSTER_SETUP_PASSWORD;
  return value === undefined || value.trim() === "" ? null : value;
}
