import type { TConversation } from "../schemas/conversation";
import type { TInstallation } from "../schemas/installation";
import type { TNewOutboxItem } from "../store/port";

/** An installation as the deletion planner needs it. */
export type TPluginTarget = Pick<TInstallation, "id" | "platform" | "externalId">;

/**
 * The deletion requests to queue when these conversations and visitors go: ids and platform
 * references only, never content.
 *
 * - A conversation linked to a Slack thread or a Zendesk ticket asks the installation of that Slack
 *   team or Zendesk subdomain to delete its copy. When none of that platform matches (reinstalled
 *   under another id), every installation of the platform is asked: a copy may be there, and a
 *   request for something absent costs nothing. A conversation with no link was never relayed.
 * - A visitor asks every WordPress installation to forget them: a WordPress site keeps the visitor
 *   id beside its own user records (for its privacy tools), and installations are not tied to sites.
 */
export function planPluginDeletions(input: {
  installations: readonly TPluginTarget[];
  conversations: readonly Pick<TConversation, "id" | "slack" | "zendesk">[];
  visitorIds: readonly string[];
  newId: () => string;
  now: Date;
}): TNewOutboxItem[] {
  const items: TNewOutboxItem[] = [];
  const onPlatform = (platform: TPluginTarget["platform"]) =>
    input.installations.filter((installation) => installation.platform === platform);
  const pick = (platform: TPluginTarget["platform"], externalId: string) => {
    const all = onPlatform(platform);
    const exact = all.filter((installation) => installation.externalId === externalId);
    return exact.length > 0 ? exact : all;
  };
  const add = (
    installationId: string,
    kind: TNewOutboxItem["kind"],
    subjectId: string,
    refs: TNewOutboxItem["refs"],
  ) => items.push({ id: input.newId(), installationId, kind, subjectId, refs, createdAt: input.now });

  for (const conversation of input.conversations) {
    if (conversation.slack) {
      const { teamId, channelId, threadTs } = conversation.slack;
      for (const target of pick("slack", teamId)) {
        add(target.id, "delete-conversation", conversation.id, { slack: { teamId, channelId, threadTs } });
      }
    }
    if (conversation.zendesk) {
      const { subdomain, ticketId } = conversation.zendesk;
      for (const target of pick("zendesk", subdomain)) {
        add(target.id, "delete-conversation", conversation.id, { zendesk: { subdomain, ticketId } });
      }
    }
  }
  for (const visitorId of input.visitorIds) {
    for (const target of onPlatform("wordpress")) add(target.id, "delete-visitor", visitorId, {});
  }
  return items;
}
