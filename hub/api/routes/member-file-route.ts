import type { TMemberActor } from "@tawkster/core/rbac";
import type { TWorkspaceDeps } from "@tawkster/core/workspace";
import type { z } from "zod";
import { authDepsOf } from "../../lib/auth/auth-deps";
import { assertSameOrigin, hubOriginsOf } from "../../lib/auth/hub-origin";
import { requireMember } from "../../lib/auth/resolve-member";
import { readJson, readQuery } from "../io";
import type { THttpMethod, TRoute, TRouteContext } from "../route";

type InferOrUndefined<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** What a member file route's work receives (as `memberRoute`'s). */
export type TMemberFileCall<B, Q> = {
  actor: TMemberActor;
  deps: TWorkspaceDeps;
  params: Readonly<Record<string, string>>;
  body: B;
  query: Q;
  ctx: TRouteContext;
};

/**
 * `memberRoute` for answers that are not one JSON object — a file to download, a stream of
 * progress lines — with the same guards (same origin on writes, a signed-in member, a bounded and
 * validated body, a validated query). The work builds its Response itself; `response` documents its JSON form.
 */
export function memberFileRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(spec: {
  method: THttpMethod;
  path: string;
  name: string;
  summary: string;
  body?: B;
  query?: Q;
  response: z.ZodType;
  handle(call: TMemberFileCall<InferOrUndefined<B>, InferOrUndefined<Q>>): Promise<Response>;
}): TRoute {
  return {
    method: spec.method,
    path: spec.path,
    name: spec.name,
    summary: spec.summary,
    auth: "member",
    ...(spec.body !== undefined && { body: spec.body }),
    ...(spec.query !== undefined && { query: spec.query }),
    response: spec.response,
    async handler(ctx) {
      if (spec.method !== "GET") assertSameOrigin(ctx.request, hubOriginsOf(ctx.hub.config));
      const { actor } = await requireMember(ctx.hub, ctx.request);
      const body = (
        spec.body === undefined ? undefined : await readJson(ctx.request, spec.body)
      ) as InferOrUndefined<B>;
      const query = (
        spec.query === undefined ? undefined : readQuery(ctx.request, spec.query)
      ) as InferOrUndefined<Q>;
      return spec.handle({ actor, deps: authDepsOf(ctx.hub), params: ctx.params, body, query, ctx });
    },
  };
}
