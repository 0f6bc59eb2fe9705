import type { TConfig, TMasterKeys } from "@tawkster/core/config";
import { AppError } from "@tawkster/core/errors";
import type { THub } from "./hub-context";

/** What server.ts resolved at start-up and every route handler may use. */
export type THubRuntime = Readonly<{ config: TConfig; masterKeys: TMasterKeys; hub: THub }>;

// Route handlers are bundled by Next apart from server.ts, so a module-level variable would not be
// shared between them; one well-known key on globalThis is (same process, same realm).
const RUNTIME_KEY = Symbol.for("tawkster.hub.runtime");

type TRuntimeHolder = { [RUNTIME_KEY]?: THubRuntime };

/** Called once by server.ts, before Next handles the first request. */
export function setHubRuntime(runtime: THubRuntime): void {
  (globalThis as TRuntimeHolder)[RUNTIME_KEY] = runtime;
}

/** The runtime set by server.ts; throws when the hub was started some other way (`next start`). */
export function getHubRuntime(): THubRuntime {
  const runtime = (globalThis as TRuntimeHolder)[RUNTIME_KEY];
  if (runtime === undefined) {
    throw new AppError("internal.error", "The hub was not started by hub/server.ts (use `npm start`).");
  }
  return runtime;
}

/** The hub's shared services (store, vault, bus…) for a Next route handler or server component. */
export function getHub(): THub {
  return getHubRuntime().hub;
}
