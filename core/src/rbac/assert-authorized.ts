import { AppError } from "../errors/app-error";
import type { TAction } from "./actions";
import type { TActor } from "./actors";
import { authorize } from "./authorize";
import type { TResource } from "./resources";

/**
 * `authorize`, throwing on refusal: `resource.not_found` (404) when the actor may not know the
 * resource exists, `access.denied` (403) when they may see it but not do this.
 */
export function assertAuthorized(actor: TActor, action: TAction, resource: TResource): void {
  const decision = authorize(actor, action, resource);
  if (decision.allowed) return;
  if (decision.reason === "forbidden") throw new AppError("access.denied", "You are not allowed to do this.");
  throw new AppError("resource.not_found", "Not found.");
}
