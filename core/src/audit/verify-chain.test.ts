import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isAppError } from "../errors/app-error";
import type { TAuditEvent, TAuditEventInput } from "../schemas/audit-event";
import { chainAuditEvent } from "./chain-audit-event";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";
import { verifyChain } from "./verify-chain";

const WS = randomUUID();
const SIZE = 10_000;
const START = Date.UTC(2026, 0, 1);
const ACTIONS = ["conversation.read", "member.sign_in", "policy.update", "retention.purged"];

function inputFor(i: number): TAuditEventInput {
  return {
    actor: { type: i % 7 === 0 ? "system" : "member", id: i % 7 === 0 ? null : `member-${i % 13}` },
    action: ACTIONS[i % ACTIONS.length] ?? "conversation.read",
    resource: { type: "conversation", id: `conversation-${i}` },
    outcome: i % 11 === 0 ? "denied" : "success",
    details: { index: i, site: `site-${i % 3}`, ids: [`a${i}`, `b${i}`] },
  };
}

function buildChain(size: number): TAuditEvent[] {
  const events: TAuditEvent[] = [];
  let previous: TAuditEvent | null = null;
  for (let i = 0; i < size; i++) {
    previous = chainAuditEvent(previous, inputFor(i), {
      id: randomUUID(),
      workspaceId: WS,
      at: new Date(START + i * 1000),
    });
    events.push(previous);
  }
  return events;
}

// Built once: every property below copies it before changing anything.
const CHAIN = buildChain(SIZE);
const at = (i: number): TAuditEvent => {
  const event = CHAIN[i];
  if (!event) throw new Error(`no event at ${i}`);
  return event;
};
const RUNS = { numRuns: 25 };

type TEdit = (event: TAuditEvent) => TAuditEvent;
const EDITS: Record<string, TEdit> = {
  actor: (e) => ({ ...e, actor: { type: "member", id: "intruder" } }),
  details: (e) => ({ ...e, details: { ...e.details, index: -1 } }),
  outcome: (e) => ({ ...e, outcome: e.outcome === "success" ? "failure" : "success" }),
  at: (e) => ({ ...e, at: new Date(e.at.getTime() + 1) }),
  action: (e) => ({ ...e, action: "audit.cleared" }),
  resource: (e) => ({ ...e, resource: { type: "conversation", id: "conversation-else" } }),
  id: (e) => ({ ...e, id: randomUUID() }),
  prevHash: (e) => ({ ...e, prevHash: "a".repeat(64) }),
  hash: (e) => ({ ...e, hash: "b".repeat(64) }),
};

describe("chainAuditEvent", () => {
  it("numbers from 1 and links each event to the one before", () => {
    assert.equal(at(0).seq, 1);
    assert.equal(at(0).prevHash, GENESIS_HASH);
    assert.equal(at(1).seq, 2);
    assert.equal(at(1).prevHash, at(0).hash);
    assert.equal(at(0).hash, hashAuditEvent(at(0)));
  });

  it("refuses to chain after another workspace's event, and invalid input", () => {
    assert.throws(
      () =>
        chainAuditEvent(at(0), inputFor(1), { id: randomUUID(), workspaceId: randomUUID(), at: new Date() }),
      (error) => isAppError(error),
    );
    assert.throws(
      () =>
        chainAuditEvent(
          null,
          { ...inputFor(1), action: "Not An Action!" },
          { id: randomUUID(), workspaceId: WS, at: new Date() },
        ),
      (error) => isAppError(error) && error.code === "request.invalid",
    );
  });

  it("keeps its own copy of the time", () => {
    const when = new Date(START);
    const event = chainAuditEvent(null, inputFor(0), { id: randomUUID(), workspaceId: WS, at: when });
    when.setTime(0);
    assert.equal(verifyChain([event]).ok, true);
  });
});

describe("verifyChain", () => {
  it(`verifies an intact chain of ${SIZE} events`, () => {
    assert.deepEqual(verifyChain(CHAIN), { ok: true, count: SIZE, lastHash: at(SIZE - 1).hash });
  });

  it("verifies an empty chain, and reads any iterable once", () => {
    assert.deepEqual(verifyChain([]), { ok: true, count: 0, lastHash: GENESIS_HASH });
    function* stream() {
      yield* CHAIN.slice(0, 100);
    }
    assert.deepEqual(verifyChain(stream()), { ok: true, count: 100, lastHash: at(99).hash });
  });

  it("finds a deleted event, wherever it was", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SIZE - 2 }), (position) => {
        const result = verifyChain(CHAIN.toSpliced(position, 1));
        assert.deepEqual(result, { ok: false, problem: "missing", seq: position + 1, index: position });
      }),
      RUNS,
    );
  });

  it("finds two swapped events, naming the first out of place", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: SIZE - 1 }), { minLength: 2, maxLength: 2 }),
        (pair) => {
          const [first = 0, second = 0] = [...pair].sort((a, b) => a - b);
          const events = [...CHAIN];
          events[first] = at(second);
          events[second] = at(first);
          const result = verifyChain(events);
          assert.deepEqual(result, { ok: false, problem: "reordered", seq: second + 1, index: first });
        },
      ),
      RUNS,
    );
  });

  it("finds an edit of any field, wherever it was", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SIZE - 1 }),
        fc.constantFrom(...Object.keys(EDITS)),
        (position, field) => {
          const edit = EDITS[field] as TEdit;
          const events = CHAIN.with(position, edit(at(position)));
          const result = verifyChain(events);
          assert.deepEqual(
            result,
            { ok: false, problem: "tampered", seq: position + 1, index: position },
            field,
          );
        },
      ),
      RUNS,
    );
  });

  it("finds an edit whose hash was recomputed, at the next event's link", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SIZE - 2 }),
        fc.constantFrom(...Object.keys(EDITS)),
        (position, field) => {
          if (field === "hash") return;
          const { hash: _old, ...edited } = (EDITS[field] as TEdit)(at(position));
          const events = CHAIN.with(position, { ...edited, hash: hashAuditEvent(edited) });
          const result = verifyChain(events);
          // An edited prevHash breaks its own link; every other field breaks the next event's.
          const expected =
            field === "prevHash"
              ? { ok: false, problem: "broken-link", seq: position + 1, index: position }
              : { ok: false, problem: "broken-link", seq: position + 2, index: position + 1 };
          assert.deepEqual(result, expected, field);
        },
      ),
      RUNS,
    );
  });

  it("cannot see a truncated tail on its own, and sees it with expectedLast", () => {
    const head = { seq: SIZE, hash: at(SIZE - 1).hash };
    const truncated = CHAIN.slice(0, SIZE - 3);
    // What remains of a chain whose newest events were deleted is itself a valid chain.
    assert.equal(verifyChain(truncated).ok, true);
    assert.deepEqual(verifyChain(truncated, { expectedLast: head }), {
      ok: false,
      problem: "missing",
      seq: SIZE - 2,
      index: SIZE - 3,
    });
    assert.deepEqual(verifyChain([], { expectedLast: head }), {
      ok: false,
      problem: "missing",
      seq: 1,
      index: 0,
    });
    assert.deepEqual(verifyChain(CHAIN, { expectedLast: head }), {
      ok: true,
      count: SIZE,
      lastHash: head.hash,
    });
  });

  it("with expectedLast, sees a rewritten last event, and accepts events appended since", () => {
    const { hash: _old, ...edited } = { ...at(SIZE - 1), outcome: "failure" as const };
    const rewritten = CHAIN.with(SIZE - 1, { ...edited, hash: hashAuditEvent(edited) });
    assert.equal(verifyChain(rewritten).ok, true);
    assert.deepEqual(verifyChain(rewritten, { expectedLast: { seq: SIZE, hash: at(SIZE - 1).hash } }), {
      ok: false,
      problem: "tampered",
      seq: SIZE,
      index: SIZE - 1,
    });
    const checkpoint = { seq: 5000, hash: at(4999).hash };
    assert.equal(verifyChain(CHAIN, { expectedLast: checkpoint }).ok, true);
  });

  it("verifies from a checkpoint once the oldest events were purged", () => {
    const kept = CHAIN.slice(4000);
    const checkpoint = { seq: 4000, hash: at(3999).hash };
    assert.deepEqual(verifyChain(kept, { startAfter: checkpoint }), {
      ok: true,
      count: SIZE - 4000,
      lastHash: at(SIZE - 1).hash,
    });
    // Without the checkpoint the purge looks like what it is: events 1..4000 are gone.
    assert.deepEqual(verifyChain(kept), { ok: false, problem: "missing", seq: 1, index: 0 });
    // A checkpoint that does not match the first kept event is refused.
    assert.deepEqual(verifyChain(kept, { startAfter: { seq: 4000, hash: at(3998).hash } }), {
      ok: false,
      problem: "broken-link",
      seq: 4001,
      index: 0,
    });
    // Purging one event more than the checkpoint says is a missing event.
    assert.deepEqual(verifyChain(CHAIN.slice(4001), { startAfter: checkpoint }), {
      ok: false,
      problem: "missing",
      seq: 4001,
      index: 0,
    });
  });

  it("verifies page by page, each page starting after the last", () => {
    let startAfter: { seq: number; hash: string } | undefined;
    for (let offset = 0; offset < SIZE; offset += 1000) {
      const result = verifyChain(CHAIN.slice(offset, offset + 1000), { startAfter });
      assert.equal(result.ok, true);
      if (!result.ok) return;
      startAfter = { seq: offset + 1000, hash: result.lastHash };
    }
  });

  it("calls a duplicated event reordered, and a malformed row tampered", () => {
    assert.deepEqual(verifyChain([at(0), at(1), at(2), at(1)]), {
      ok: false,
      problem: "reordered",
      seq: 2,
      index: 3,
    });
    const { details: _d, ...withoutDetails } = at(2);
    assert.deepEqual(verifyChain([at(0), at(1), withoutDetails as TAuditEvent]), {
      ok: false,
      problem: "tampered",
      seq: 3,
      index: 2,
    });
    assert.deepEqual(verifyChain([at(0), null as never]), {
      ok: false,
      problem: "tampered",
      seq: 2,
      index: 1,
    });
  });
});
