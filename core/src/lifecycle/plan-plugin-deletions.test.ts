import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planPluginDeletions } from "./plan-plugin-deletions";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const installations = [
  { id: id(1), platform: "slack" as const, externalId: "T-ACME" },
  { id: id(2), platform: "slack" as const, externalId: "T-OTHER" },
  { id: id(3), platform: "zendesk" as const, externalId: "acme" },
  { id: id(4), platform: "wordpress" as const, externalId: "wp" },
];

describe("planPluginDeletions", () => {
  const plan = (
    conversations: Parameters<typeof planPluginDeletions>[0]["conversations"],
    visitorIds: string[] = [],
  ) =>
    planPluginDeletions({ installations, conversations, visitorIds, newId: () => "x", now: new Date(0) }).map(
      (item) => `${item.installationId.slice(-1)} ${item.kind} ${item.subjectId}`,
    );

  it("asks the linked Slack team and Zendesk account, and nobody for an unrelayed conversation", () => {
    assert.deepEqual(
      plan([
        { id: "c1", slack: { teamId: "T-ACME", channelId: "C", threadTs: "1.1" }, zendesk: null },
        { id: "c2", slack: null, zendesk: { subdomain: "acme", ticketId: 9 } },
        { id: "c3", slack: null, zendesk: null },
      ]),
      ["1 delete-conversation c1", "3 delete-conversation c2"],
    );
  });

  it("asks every installation of the platform when none matches the link (a copy may be there)", () => {
    assert.deepEqual(
      plan([{ id: "c1", slack: { teamId: "T-GONE", channelId: "C", threadTs: "1.1" }, zendesk: null }]),
      ["1 delete-conversation c1", "2 delete-conversation c1"],
    );
  });

  it("asks WordPress to forget each visitor; carries references, never content", () => {
    assert.deepEqual(plan([], ["v1", "v2"]), ["4 delete-visitor v1", "4 delete-visitor v2"]);
    const [item] = planPluginDeletions({
      installations,
      conversations: [{ id: "c1", slack: null, zendesk: { subdomain: "acme", ticketId: 9 } }],
      visitorIds: [],
      newId: () => "x",
      now: new Date(0),
    });
    assert.deepEqual(Object.keys(item ?? {}).sort(), [
      "createdAt",
      "id",
      "installationId",
      "kind",
      "refs",
      "subjectId",
    ]);
    assert.deepEqual(item?.refs, { zendesk: { subdomain: "acme", ticketId: 9 } });
  });
});
