import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { isAppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import { addDepartment } from "../workspace/add-department";
import { addSite } from "../workspace/add-site";
import { getSiteByKey } from "../workspace/get-site-by-key";
import { listDepartments } from "../workspace/list-departments";
import { listMessages } from "./list-messages";
import { sendMessage } from "./send-message";
import { startConversation } from "./start-conversation";
import { createHarness, type THarness } from "./test-harness";

// The shared fuzz corpora live beside the repository (/work/shared/fuzz from core/src/chat/).
const BLNS_PATH = fileURLToPath(new URL("../../../../shared/fuzz/blns.json", import.meta.url));

function loadNaughtyStrings(): string[] {
  assert.ok(
    existsSync(BLNS_PATH),
    `Fuzz corpus missing: expected ${BLNS_PATH} (the shared/fuzz folder next to the repository, see shared/fuzz/README.md).`,
  );
  const parsed: unknown = JSON.parse(readFileSync(BLNS_PATH, "utf8"));
  assert.ok(
    Array.isArray(parsed) && parsed.every((item) => typeof item === "string"),
    "blns.json is not an array of strings",
  );
  return parsed;
}

/** Runs `attempt`; a refusal must be request.invalid, anything else thrown fails the test. */
async function acceptedOrInvalid<T>(label: string, attempt: () => Promise<T>): Promise<T | null> {
  try {
    return await attempt();
  } catch (error) {
    assert.ok(
      isAppError(error) && error.code === "request.invalid",
      `${label} threw ${isAppError(error) ? error.code : String(error)}`,
    );
    return null;
  }
}

describe("hostile text through the chat and admin operations", () => {
  let h: THarness;
  let agent: TMemberActor;

  before(async () => {
    h = await createHarness();
    agent = await h.addMember("agent", [h.general.id]);
    await h.putPolicy({ redaction: { mode: "off" } });
  });
  after(() => h.dispose());

  it("round-trips or refuses every Big List of Naughty Strings entry as a message, department and site name", async () => {
    const strings = loadNaughtyStrings();
    const visitor = await h.newVisitor();
    const conversation = await startConversation(h.deps, visitor, {});
    let accepted = 0;
    let refused = 0;
    const departmentNames = new Set(["General"]);

    for (const [i, text] of strings.entries()) {
      const label = `blns[${i}]`;
      const sent = await acceptedOrInvalid(`${label} as message`, () =>
        sendMessage(h.deps, visitor, { conversationId: conversation.id, body: text }),
      );
      if (sent) {
        accepted++;
        const { messages } = await listMessages(h.deps, agent, {
          conversationId: conversation.id,
          afterSeq: sent.seq - 1,
          limit: 1,
        });
        assert.equal(messages[0]?.body, text, `${label}: the agent read something else than was sent`);
      } else {
        refused++;
        assert.equal(
          text.trim().length === 0 || text.length > 8000,
          true,
          `${label}: refused a sendable text`,
        );
      }

      // Department names are unique per workspace: a second one trimming to the same name is a
      // legitimate conflict, so only first occurrences are tried.
      if (!departmentNames.has(text.trim())) {
        const department = await acceptedOrInvalid(`${label} as department`, () =>
          addDepartment(h.deps, h.admin, { name: text }),
        );
        if (department) {
          departmentNames.add(department.name);
          assert.equal(department.name, text.trim(), `${label}: department name changed`);
        }
      }

      const site = await acceptedOrInvalid(`${label} as site`, () =>
        addSite(h.deps, h.admin, { name: text, allowedDomains: [] }),
      );
      if (site) {
        assert.equal(site.site.name, text.trim(), `${label}: site name changed`);
        assert.equal((await getSiteByKey(h.deps, site.site.siteKey))?.name, text.trim());
      }
    }

    assert.ok(accepted > 400 && refused > 0, `accepted ${accepted}, refused ${refused}`);
    const stored = new Set((await listDepartments(h.deps, agent)).map((d) => d.name));
    assert.deepEqual(stored, departmentNames);
    assert.equal(await h.store.scoped(h.workspaceId).messages.count(conversation.id), accepted);
  });
});
