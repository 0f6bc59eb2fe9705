import type { TChatDeps } from "../chat/deps";

/** What the admin operations run on: the same deps as the chat operations. */
export type TWorkspaceDeps = TChatDeps;
