import { z } from "zod";

/** Identifiers are random UUIDs: unguessable, so an id in a URL reveals nothing. */
export const ZId = z.uuid();
export type TId = z.infer<typeof ZId>;

export const ZTimestamp = z.date();

/** Trimmed, non-empty, single-line display text (names of things). */
export const ZDisplayName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(120, "must be at most 120 characters")
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must not contain control characters");

export const ZEmail = z.email().max(254);

export const ZRole = z.enum(["admin", "manager", "agent"]);
export type TRole = z.infer<typeof ZRole>;
