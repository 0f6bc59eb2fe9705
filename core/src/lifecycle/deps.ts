import type { TChatDeps } from "../chat/deps";

/** What the lifecycle operations run on: the hub's store, vault, bus, clock and id generator. */
export type TLifecycleDeps = TChatDeps;
