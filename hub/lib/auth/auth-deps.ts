import type { TAuthDeps } from "@tawkster/core/auth";
import type { THub } from "../hub-context";

/** The deps core's auth operations run on, from the hub's services. */
export function authDepsOf(hub: THub): TAuthDeps {
  return { store: hub.store, vault: hub.vault, bus: hub.bus, now: hub.now };
}
