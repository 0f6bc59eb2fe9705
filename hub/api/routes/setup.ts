import { checkNewPassword, hashPassword } from "@tawkster/core/auth";
import { AppError, describeZodError } from "@tawkster/core/errors";
import { rateLimitedError } from "@tawkster/core/ratelimit";
import { setupWorkspace, ZSetupWorkspaceInput } from "@tawkster/core/workspace";
import { z } from "zod";
import { authDepsOf } from "../../lib/auth/auth-deps";
import { authLimitersOf } from "../../lib/auth/auth-state";
import { assertSameOrigin, hubOriginsOf } from "../../lib/auth/hub-origin";
import { isSetupNeeded } from "../../lib/auth/setup-state";
import { readJson, respond } from "../io";
import type { TRoute, TRouteContext } from "../route";

/** `POST /api/v1/setup`: the business's name and its first admin. */
export const ZSetupRequest = z.object({
  workspaceName: z.string().max(1000),
  name: z.string().max(1000),
  email: z.string().max(1000),
  password: z.string().max(1000),
});
/** What first-run setup created. */
export const ZSetupResponse = z.object({
  workspace: z.object({ id: z.uuid(), name: z.string() }),
  admin: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
});

async function runSetup(ctx: TRouteContext): Promise<Response> {
  // A fresh hub on localhost must not be set up by a page of another site the admin happens to
  // have open: same origin only (and JSON only, which a cross-site form cannot send).
  assertSameOrigin(ctx.request, hubOriginsOf(ctx.hub.config));
  const decision = authLimitersOf(ctx.hub).setup.take(`ip:${ctx.clientIp ?? "unknown"}`);
  if (!decision.ok) throw rateLimitedError(decision.retryAfterSeconds);
  const input = await readJson(ctx.request, ZSetupRequest);
  const checked = ZSetupWorkspaceInput.safeParse({
    workspaceName: input.workspaceName,
    admin: { email: input.email, name: input.name, passwordHash: "checked below" },
  });
  if (!checked.success) throw new AppError("request.invalid", describeZodError(checked.error));
  const { admin } = checked.data;
  await checkNewPassword(input.password, { email: admin.email, name: admin.name });
  // Cheap checks first; the 100 ms hash only for a valid request on a hub not yet set up.
  if (!(await isSetupNeeded(ctx.hub))) throw new AppError("resource.not_found", "Not found.");
  const setup = await setupWorkspace(authDepsOf(ctx.hub), {
    workspaceName: checked.data.workspaceName,
    admin: { ...admin, passwordHash: await hashPassword(input.password) },
  });
  return respond(
    ZSetupResponse,
    {
      workspace: { id: setup.workspace.id, name: setup.workspace.name },
      admin: { id: setup.admin.id, email: setup.admin.email, name: setup.admin.name },
    },
    201,
  );
}

/** First-run setup; answers 404 once a workspace exists. */
export const SETUP_ROUTES: readonly TRoute[] = [
  {
    method: "POST",
    path: "/api/v1/setup",
    name: "setup.run",
    summary: "First-run setup: creates the workspace and its first admin (only while none exists).",
    auth: "none",
    body: ZSetupRequest,
    response: ZSetupResponse,
    status: 201,
    handler: runSetup,
  },
];
