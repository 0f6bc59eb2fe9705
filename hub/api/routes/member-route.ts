import type { TMemberActor } from "@tawkster/core/rbac";
import type { TWorkspaceDeps } from "@tawkster/core/workspace";
import type { z } from "zod";
import { authDepsOf } from "../../lib/auth/auth-deps";
import { assertSameOrigin, hubOriginsOf } from "../../lib/auth/hub-origin";
import { requireMember } from "../../lib/auth/resolve-member";
import { readJson, readQuery, respond } from "../io";
import type { THttpMethod, TRoute, TRouteContext } from "../route";

/** What a member route's work receives: who is asking, core's deps, and the validated input. */
export type TMemberCall<B, Q> = {
  actor: TMemberActor;
  deps: TWorkspaceDeps;
  params: Readonly<Record<string, string>>;
  body: B;
  query: Q;
  ctx: TRouteContext;
};

/** A member route: its place, its schemas (which are also its documentation) and its work. */
export type TMemberRouteSpec<
  R extends z.ZodType,
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
> = {
  method: THttpMethod;
  path: string;
  name: string;
  summary: string;
  body?: B;
  query?: Q;
  response: R;
  status?: number;
  handle(call: TMemberCall<InferOrUndefined<B>, InferOrUndefined<Q>>): Promise<z.input<R>>;
};

export type InferOrUndefined<S> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * The guards every member route runs before its work: a state-changing method must come from the
 * hub's own origin (CSRF), the session cookie must name an active member (401 otherwise), and the
 * body and query are validated with the route's schemas (400, 413 over 64 KB, 415).
 */
export async function openMemberCall<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  ctx: TRouteContext,
  spec: { method: THttpMethod; body?: B; query?: Q },
): Promise<TMemberCall<InferOrUndefined<B>, InferOrUndefined<Q>>> {
  if (spec.method !== "GET") assertSameOrigin(ctx.request, hubOriginsOf(ctx.hub.config));
  const { actor } = await requireMember(ctx.hub, ctx.request);
  const body = (
    spec.body === undefined ? undefined : await readJson(ctx.request, spec.body)
  ) as InferOrUndefined<B>;
  const query = (
    spec.query === undefined ? undefined : readQuery(ctx.request, spec.query)
  ) as InferOrUndefined<Q>;
  return { actor, deps: authDepsOf(ctx.hub), params: ctx.params, body, query, ctx };
}

/**
 * Builds a route of the versioned API for signed-in members, as a thin shell over a core
 * operation (which authorizes and audits): a state-changing method must come from the hub's own
 * origin (CSRF), the session cookie must name an active member (401 otherwise), the body and
 * query are validated with the route's schemas (400, 413 over 64 KB, 415), and the answer is parsed through
 * the response schema, so only what it names leaves the hub.
 */
export function memberRoute<
  R extends z.ZodType,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(spec: TMemberRouteSpec<R, B, Q>): TRoute {
  return {
    method: spec.method,
    path: spec.path,
    name: spec.name,
    summary: spec.summary,
    auth: "member",
    ...(spec.body !== undefined && { body: spec.body }),
    ...(spec.query !== undefined && { query: spec.query }),
    response: spec.response,
    ...(spec.status !== undefined && { status: spec.status }),
    async handler(ctx) {
      const result = await spec.handle(await openMemberCall(ctx, spec));
      return respond(spec.response, result, spec.status ?? 200);
    },
  };
}
