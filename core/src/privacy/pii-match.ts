import { z } from "zod";
import { ZPiiKind } from "../schemas/policy";

/** One piece of personal data found in a text: its kind and its UTF-16 offsets `[start, end)`. */
export const ZPiiMatch = z.object({
  kind: ZPiiKind,
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
});
export type TPiiMatch = z.infer<typeof ZPiiMatch>;

/** Which detection rules run; a rule left out is on, so a policy only lists what it turns off. */
export const ZPiiDetectOptions = z.object({
  rules: z.partialRecord(ZPiiKind, z.boolean()).optional(),
});
export type TPiiDetectOptions = z.infer<typeof ZPiiDetectOptions>;

/** A text with its personal data replaced by placeholders, and what was replaced (input offsets). */
export type TMaskedText = { text: string; matches: TPiiMatch[] };

/** A span found by one rule, before overlaps between rules are settled. */
export type TSpan = { start: number; end: number };
