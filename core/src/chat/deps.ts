import type { Bus } from "../bus/port";
import type { Vault } from "../crypto/vault";
import { newTimeOrderedId } from "../ids/new-time-ordered-id";
import type { Store } from "../store/port";

/** What the domain operations run on; the hub builds one at start-up and passes it to every call. */
export interface TChatDeps {
  store: Store;
  vault: Vault;
  bus: Bus;
  /** Clock, for tests (default: the system clock). */
  now?: () => Date;
  /** Id generator, for tests (default: a time-ordered UUID v7 at the deps' clock, see `newTimeOrderedId`). */
  newId?: () => string;
  /** Added to the details of every audit event written through these deps (the CLI's `{ via: "cli" }`). */
  auditDetails?: Readonly<Record<string, string>>;
}

/** The current time by the deps' clock. */
export function currentTime(deps: TChatDeps): Date {
  return deps.now ? deps.now() : new Date();
}

/** A new row id by the deps' generator: time-ordered by default, so old rows sit together in every id index. */
export function nextId(deps: TChatDeps): string {
  return deps.newId ? deps.newId() : newTimeOrderedId(currentTime(deps).getTime());
}
