import type { z } from "zod";
import type { THttpMethod, TRoute } from "../route";
import { type InferOrUndefined, openMemberCall, type TMemberCall } from "./member-route";

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
  handle(call: TMemberCall<InferOrUndefined<B>, InferOrUndefined<Q>>): Promise<Response>;
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
      return spec.handle(await openMemberCall(ctx, spec));
    },
  };
}
