import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TMemberActor, TVisitorActor } from "../rbac/actors";
import type { TConversation } from "../schemas/conversation";
import type { TDepartment } from "../schemas/department";
import { assignConversation } from "./assign-conversation";
import { claimConversation } from "./claim-conversation";
import { closeConversation } from "./close-conversation";
import { listConversations } from "./list-conversations";
import { listMessages } from "./list-messages";
import { markRead } from "./mark-read";
import { sendMessage } from "./send-message";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";
import { transferConversation } from "./transfer-conversation";

describe("listConversations, department boundaries and unread counts", () => {
  let h: THarness;
  let sales: TDepartment;
  let billing: TDepartment;
  let salesAgent: TMemberActor;
  let billingAgent: TMemberActor;
  let manager: TMemberActor;
  let visitor: TVisitorActor;
  let inSales: TConversation;
  let inBilling: TConversation;

  before(async () => {
    h = await createHarness();
    sales = await h.addDepartment("Sales");
    billing = await h.addDepartment("Billing");
    salesAgent = await h.addMember("agent", [sales.id]);
    billingAgent = await h.addMember("agent", [billing.id]);
    manager = await h.addMember("manager", [sales.id, billing.id]);
    visitor = await h.newVisitor({ name: "Bea Buyer" });
    inSales = await startConversation(h.deps, visitor, { departmentId: sales.id });
    inBilling = await startConversation(h.deps, visitor, { departmentId: billing.id });
    await sendMessage(h.deps, visitor, { conversationId: inBilling.id, body: "my invoice is wrong" });
    await sendMessage(h.deps, visitor, { conversationId: inSales.id, body: "what does it cost?" });
  });
  after(() => h.dispose());

  const ids = (rows: { conversation: TConversation }[]) => rows.map((r) => r.conversation.id);

  it("shows an agent only their departments' conversations, newest activity first", async () => {
    assert.deepEqual(ids(await listConversations(h.deps, salesAgent, { view: "all" })), [inSales.id]);
    assert.deepEqual(ids(await listConversations(h.deps, billingAgent, { view: "waiting" })), [inBilling.id]);
    assert.deepEqual(ids(await listConversations(h.deps, manager, { view: "all" })), [
      inSales.id,
      inBilling.id,
    ]);
    assert.deepEqual(
      ids(await listConversations(h.deps, manager, { view: "all", departmentId: billing.id })),
      [inBilling.id],
    );
    // A department filter outside the actor's scope narrows to nothing rather than widening.
    assert.deepEqual(
      ids(await listConversations(h.deps, salesAgent, { view: "all", departmentId: billing.id })),
      [],
    );
  });

  // Attack: an agent of one department guessing or reusing a conversation id of another department
  // to read, answer, take or close it. Each must look like the conversation does not exist, and
  // nothing may change.
  it("answers not_found to a cross-department agent and changes nothing in the store", async () => {
    const scope = h.store.scoped(h.workspaceId);
    const before = {
      conversation: await scope.conversations.get(inBilling.id),
      messages: await scope.messages.count(inBilling.id),
      audit: (await scope.audit.last())?.seq,
      events: h.events.length,
    };
    const conversationId = inBilling.id;
    await rejectsWithCode(listMessages(h.deps, salesAgent, { conversationId }), "resource.not_found");
    await rejectsWithCode(
      sendMessage(h.deps, salesAgent, { conversationId, body: "gotcha" }),
      "resource.not_found",
    );
    await rejectsWithCode(claimConversation(h.deps, salesAgent, { conversationId }), "resource.not_found");
    await rejectsWithCode(closeConversation(h.deps, salesAgent, { conversationId }), "resource.not_found");
    await rejectsWithCode(
      transferConversation(h.deps, salesAgent, { conversationId, departmentId: sales.id }),
      "resource.not_found",
    );
    await rejectsWithCode(markRead(h.deps, salesAgent, { conversationId, seq: 1 }), "resource.not_found");
    await rejectsWithCode(
      assignConversation(h.deps, salesAgent, { conversationId, assigneeId: salesAgent.memberId }),
      "resource.not_found",
    );
    assert.deepEqual(await scope.conversations.get(inBilling.id), before.conversation);
    assert.equal(await scope.messages.count(inBilling.id), before.messages);
    // The only trace is the refusals themselves, one "denied" event per attempt, for admins to see.
    const written = await scope.audit.list({ afterSeq: before.audit ?? 0, limit: 100 });
    assert.equal(written.length, 7);
    for (const event of written) {
      assert.equal(event.outcome, "denied");
      assert.deepEqual(event.actor, { type: "member", id: salesAgent.memberId });
      assert.deepEqual(event.resource, { type: "conversation", id: inBilling.id });
    }
    assert.equal(await scope.reads.get(salesAgent.memberId, inBilling.id), 0);
    assert.equal(h.events.length, before.events);
  });

  it("still lets the department's own agent work on it (the fix blocks no legitimate use)", async () => {
    const read = await listMessages(h.deps, billingAgent, { conversationId: inBilling.id });
    assert.equal(read.messages.length, 1);
  });

  it("answers not_found to a visitor asking for the list and to another workspace's admin opening ours", async () => {
    await rejectsWithCode(listConversations(h.deps, visitor as never, { view: "all" }), "resource.not_found");
    const stranger: TMemberActor = { ...h.admin, workspaceId: crypto.randomUUID() };
    // An admin of another workspace lists their own (here empty) workspace, never this one.
    assert.deepEqual(await listConversations(h.deps, stranger, { view: "all" }), []);
    await rejectsWithCode(
      listMessages(h.deps, stranger, { conversationId: inSales.id }),
      "resource.not_found",
    );
    await rejectsWithCode(
      listConversations(h.deps, salesAgent, { view: "everything" } as never),
      "request.invalid",
    );
  });

  it("counts unread messages from the member's marker, which never moves back or past the end", async () => {
    const unread = async () =>
      (await listConversations(h.deps, salesAgent, { view: "all" })).find(
        (s) => s.conversation.id === inSales.id,
      );
    await sendMessage(h.deps, visitor, { conversationId: inSales.id, body: "hello?" });
    await sendMessage(h.deps, visitor, { conversationId: inSales.id, body: "anyone?" });
    assert.deepEqual([(await unread())?.unread, (await unread())?.lastSeq], [3, 3]);
    assert.deepEqual(await markRead(h.deps, salesAgent, { conversationId: inSales.id, seq: 2 }), {
      lastReadSeq: 2,
    });
    assert.equal((await unread())?.unread, 1);
    assert.deepEqual(await markRead(h.deps, salesAgent, { conversationId: inSales.id, seq: 1 }), {
      lastReadSeq: 2,
    });
    assert.deepEqual(await markRead(h.deps, salesAgent, { conversationId: inSales.id, seq: 99 }), {
      lastReadSeq: 3,
    });
    assert.equal((await unread())?.unread, 0);
    await sendMessage(h.deps, visitor, { conversationId: inSales.id, body: "one more" });
    assert.equal((await unread())?.unread, 1);
    // Markers are per member: the manager has read nothing yet.
    const managerView = (await listConversations(h.deps, manager, { view: "all" })).find(
      (s) => s.conversation.id === inSales.id,
    );
    assert.equal(managerView?.unread, 4);
  });

  it("sorts conversations into the waiting, open, mine and closed views", async () => {
    const v = await h.newVisitor();
    const waiting = await startConversation(h.deps, v, { departmentId: sales.id });
    const open = await startConversation(h.deps, v, { departmentId: sales.id });
    const closed = await startConversation(h.deps, v, { departmentId: sales.id });
    await claimConversation(h.deps, salesAgent, { conversationId: open.id });
    await claimConversation(h.deps, salesAgent, { conversationId: closed.id });
    await closeConversation(h.deps, salesAgent, { conversationId: closed.id });
    const view = async (actor: TMemberActor, name: "waiting" | "open" | "mine" | "closed") =>
      ids(await listConversations(h.deps, actor, { view: name, departmentId: sales.id }));
    assert.ok((await view(salesAgent, "waiting")).includes(waiting.id));
    assert.ok(!(await view(salesAgent, "waiting")).includes(open.id));
    assert.deepEqual(await view(salesAgent, "open"), [open.id]);
    assert.deepEqual(await view(salesAgent, "mine"), [open.id]);
    assert.deepEqual(await view(salesAgent, "closed"), [closed.id]);
    assert.deepEqual(await view(manager, "mine"), []);
    assert.deepEqual(await view(manager, "closed"), [closed.id]);
    // Another agent of the department sees the colleague's open chat but not their closed one.
    const colleague = await h.addMember("agent", [sales.id]);
    assert.deepEqual(await view(colleague, "open"), [open.id]);
    assert.deepEqual(await view(colleague, "closed"), []);
  });
});
