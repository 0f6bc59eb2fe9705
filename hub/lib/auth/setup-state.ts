import type { THub } from "../hub-context";

/** Whether the hub still waits for its first workspace (/setup is open, `/` leads there). */
export async function isSetupNeeded(hub: Pick<THub, "store">): Promise<boolean> {
  return (await hub.store.workspaces.list()).length === 0;
}
