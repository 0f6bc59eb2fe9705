import { z } from "zod";
import type { TResourceType } from "./resources";

/**
 * Every action `authorize` knows. Anything else is denied; adding one here without a row in
 * `ROLE_GRANTS` and in the test table leaves it denied for everyone and fails the table test.
 */
export const ZAction = z.enum([
  "conversation.list",
  "conversation.read",
  "conversation.reply",
  "conversation.claim",
  "conversation.assign",
  "conversation.transfer",
  "conversation.close",
  "conversation.monitor",
  "analytics.read",
  "member.read",
  "member.manage",
  "profile.update",
  "department.manage",
  "site.manage",
  "installation.manage",
  "policy.read",
  "policy.manage",
  "audit.read",
  "privacy.export",
  "privacy.erase",
  "privacy.lookup",
  "retention.run",
]);
export type TAction = z.infer<typeof ZAction>;

/**
 * The resource types each action applies to. An action asked about any other type of resource is
 * denied, so a route that passes the wrong resource fails closed instead of matching a loose rule.
 */
export const ACTION_RESOURCE_TYPES: Readonly<Record<TAction, readonly TResourceType[]>> = {
  // Opening the list; which rows it shows comes from `scopeConversations`.
  "conversation.list": ["workspace"],
  "conversation.read": ["conversation"],
  "conversation.reply": ["conversation"],
  "conversation.claim": ["conversation"],
  "conversation.assign": ["conversation"],
  "conversation.transfer": ["conversation"],
  "conversation.close": ["conversation"],
  "conversation.monitor": ["conversation"],
  // A department's figures, or the whole workspace's.
  "analytics.read": ["department", "workspace"],
  // The member directory, or one member.
  "member.read": ["workspace", "member"],
  // Inviting (workspace), or changing one member's role, departments or status.
  "member.manage": ["workspace", "member"],
  "profile.update": ["member"],
  "department.manage": ["workspace", "department"],
  "site.manage": ["workspace"],
  "installation.manage": ["workspace"],
  "policy.read": ["workspace"],
  "policy.manage": ["workspace"],
  "audit.read": ["workspace"],
  // Everything about a visitor, or one conversation's transcript.
  "privacy.export": ["visitor", "conversation"],
  "privacy.erase": ["visitor"],
  // Finding visitors by email or id before an export or an erasure: asked about the visitor sought.
  "privacy.lookup": ["visitor"],
  "retention.run": ["workspace"],
};
