import type { TChatDeps } from "../chat/deps";

/** What the sign-in and session operations run on: the hub's store, vault, bus and clock. */
export type TAuthDeps = TChatDeps;
