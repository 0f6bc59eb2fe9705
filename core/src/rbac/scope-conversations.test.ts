import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TActor, TMemberActor } from "./actors";
import { authorize } from "./authorize";
import type { TConversationResource } from "./resources";
import { matchesConversationScope, scopeConversations } from "./scope-conversations";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const WS = id(1);
const [D1, D2, ME, COLLEAGUE] = [id(11), id(12), id(21), id(22)];

const member = (role: TMemberActor["role"], departmentIds: string[]): TMemberActor => ({
  type: "member",
  workspaceId: WS,
  memberId: ME,
  role,
  departmentIds,
  status: "active",
});

const conversations: TConversationResource[] = [];
let n = 100;
for (const workspaceId of [WS, id(2)]) {
  for (const departmentId of [D1, D2]) {
    for (const status of ["waiting", "open", "closed"] as const) {
      for (const assigneeId of [null, ME, COLLEAGUE]) {
        conversations.push({
          type: "conversation",
          workspaceId,
          id: id(n++),
          departmentId,
          status,
          assigneeId,
          visitorId: id(31),
        });
      }
    }
  }
}

describe("scopeConversations", () => {
  it("lists exactly the conversations authorize lets the actor read", () => {
    const actors: TActor[] = [
      member("admin", []),
      member("manager", [D1]),
      member("agent", [D1]),
      member("agent", []),
      member("agent", [D1, D2]),
      {
        type: "installation",
        workspaceId: WS,
        installationId: id(51),
        platform: "zendesk",
        member: member("agent", [D1]),
      },
    ];
    for (const actor of actors) {
      const scope = scopeConversations(actor);
      assert.equal(scope.canList, true);
      for (const conversation of conversations) {
        assert.equal(
          matchesConversationScope(scope, conversation),
          authorize(actor, "conversation.read", conversation).allowed,
          `${JSON.stringify(actor)} ${JSON.stringify(conversation)}`,
        );
      }
    }
  });

  it("spells an agent's working set as store filters", () => {
    assert.deepEqual(scopeConversations(member("agent", [D1])), {
      canList: true,
      workspaceId: WS,
      anyOf: [{ departmentIds: [D1], statuses: ["open", "waiting"] }, { assigneeId: ME }],
    });
    assert.deepEqual(scopeConversations(member("admin", [])), {
      canList: true,
      workspaceId: WS,
      anyOf: [{}],
    });
  });

  it("lists nothing for visitors, jobs and members who are not active", () => {
    assert.deepEqual(
      scopeConversations({ type: "visitor", workspaceId: WS, visitorId: id(31), siteId: id(41) }),
      {
        canList: false,
      },
    );
    assert.deepEqual(scopeConversations({ type: "system", job: "outbox" }), { canList: false });
    assert.deepEqual(scopeConversations({ ...member("admin", []), status: "deactivated" }), {
      canList: false,
    });
  });
});
