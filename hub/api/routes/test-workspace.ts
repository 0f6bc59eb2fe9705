// Test support for the API and realtime suites (never imported by production code): a real hub
// over SQLite with one workspace of two departments, an admin, a manager and two agents who can
// sign in, one site, and helpers to bring visitors into conversations.
import { hashPassword, toMemberActor } from "@tawkster/core/auth";
import { resolveVisitor, sendMessage, startConversation } from "@tawkster/core/chat";
import type { TMemberActor, TVisitorActor } from "@tawkster/core/rbac";
import type { TDepartment, TMessage } from "@tawkster/core/schemas";
import { signVisitorToken } from "@tawkster/core/widget";
import { addDepartment, addMember, addSite, setupWorkspace } from "@tawkster/core/workspace";
import { authDepsOf } from "../../lib/auth/auth-deps";
import { type CookieJar, createTestHub, signInThroughHandler } from "../../lib/auth/test-hub";
import type { THub } from "../../lib/hub-context";

/** Everyone signs in with this password in tests (hashed once: argon2id takes ~100 ms). */
export const TEST_PASSWORD = "lantern orchard velvet 93";
/** The page the test site's widget runs on. */
export const SITE_ORIGIN = "https://shop.example.com";

export type TTestPerson = { actor: TMemberActor; email: string; name: string };

export type TTestWorkspace = {
  hub: THub;
  workspaceId: string;
  general: TDepartment;
  billing: TDepartment;
  admin: TTestPerson;
  /** Manager of General. */
  manager: TTestPerson;
  /** Agent of General. */
  alice: TTestPerson;
  /** Agent of Billing. */
  bob: TTestPerson;
  siteId: string;
  signIn(person: TTestPerson): Promise<CookieJar>;
  /** A new visitor on the site with a new conversation (in General unless told otherwise). */
  startVisitorConversation(options?: { departmentId?: string; name?: string }): Promise<{
    visitor: TVisitorActor;
    conversationId: string;
  }>;
  sendAsVisitor(visitor: TVisitorActor, conversationId: string, body: string): Promise<TMessage>;
  /** A visitor token for the test site, bound to `origin` (default SITE_ORIGIN). */
  visitorToken(visitor: TVisitorActor, origin?: string): string;
  dispose(): Promise<void>;
};

/** Builds the workspace described above in a fresh hub (on the given clock, if any). */
export async function createTestWorkspace(options: { now?: () => Date } = {}): Promise<TTestWorkspace> {
  const { hub, dispose } = await createTestHub(options);
  const deps = authDepsOf(hub);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const setup = await setupWorkspace(deps, {
    workspaceName: "Clinic",
    admin: { email: "ada@clinic.example", name: "Ada Admin", passwordHash },
  });
  const workspaceId = setup.workspace.id;
  // Second factors are the auth suite's business; here admins sign in with a password alone.
  await hub.store
    .scoped(workspaceId)
    .policies.put({ type: "workspace" }, { twoFactor: { requiredRoles: [] } });
  const adminActor = toMemberActor({ ...setup.admin, passwordHash, keyId: null, totpSecretCipher: null });
  const billing = await addDepartment(deps, adminActor, { name: "Billing" });
  const person = async (email: string, name: string, role: "agent" | "manager", departmentIds: string[]) => {
    const member = await addMember(deps, adminActor, { email, name, role, departmentIds, passwordHash });
    return {
      actor: toMemberActor({ ...member, passwordHash, keyId: null, totpSecretCipher: null }),
      email,
      name,
    };
  };
  const manager = await person("maria@clinic.example", "Maria Manager", "manager", [setup.department.id]);
  const alice = await person("alice@clinic.example", "Alice Agent", "agent", [setup.department.id]);
  const bob = await person("bob@clinic.example", "Bob Agent", "agent", [billing.id]);
  const { site } = await addSite(deps, adminActor, { name: "Shop", allowedDomains: ["shop.example.com"] });

  return {
    hub,
    workspaceId,
    general: setup.department,
    billing,
    admin: { actor: adminActor, email: setup.admin.email, name: setup.admin.name },
    manager,
    alice,
    bob,
    siteId: site.id,
    async signIn(who) {
      const { response, jar } = await signInThroughHandler(hub, {
        email: who.email,
        password: TEST_PASSWORD,
      });
      if (response.status !== 200) throw new Error(`sign-in of ${who.email} failed with ${response.status}`);
      return jar;
    },
    async startVisitorConversation(options = {}) {
      const { actor } = await resolveVisitor(deps, {
        site: { id: site.id, workspaceId },
        visitorId: null,
        identity: options.name ? { email: "visitor@example.org", name: options.name, verified: false } : null,
        ip: null,
        consentFunctional: false,
      });
      const conversation = await startConversation(deps, actor, {
        departmentId: options.departmentId ?? setup.department.id,
      });
      return { visitor: actor, conversationId: conversation.id };
    },
    sendAsVisitor: (visitor, conversationId, body) => sendMessage(deps, visitor, { conversationId, body }),
    visitorToken(visitor, origin = SITE_ORIGIN) {
      const now = hub.now();
      return signVisitorToken(hub.widgetTokenKey, {
        workspaceId,
        siteId: site.id,
        visitorId: visitor.visitorId,
        origin,
        persistent: false,
        issuedAt: now,
        expiresAt: new Date(now.getTime() + 3_600_000),
      });
    },
    dispose,
  };
}
