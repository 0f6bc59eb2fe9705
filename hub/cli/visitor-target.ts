import { ZEmail } from "@tawkster/core/schemas";
import { z } from "zod";

/** `--email` and `--visitor` as parseOptions reads them. */
export const VISITOR_TARGET_FLAGS = {
  email: { type: "string" },
  visitor: { type: "string" },
} as const;

/** The options of a privacy command that names visitors: extend it, then refine with ONE_VISITOR_TARGET. */
export const ZVisitorTarget = z.object({
  email: z.string().trim().pipe(ZEmail).optional(),
  visitor: z.uuid("must be a visitor id").optional(),
});

/** `.refine(...ONE_VISITOR_TARGET)`: exactly one of `--email` and `--visitor`. */
export const ONE_VISITOR_TARGET: [
  (o: { email?: string | undefined; visitor?: string | undefined }) => boolean,
  { message: string; path: string[] },
] = [
  (o) => (o.email === undefined) !== (o.visitor === undefined),
  { message: "give either --email or --visitor", path: ["email"] },
];
