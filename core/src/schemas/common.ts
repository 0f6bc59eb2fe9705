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
  .refine((s) => !hasControlCharacter(s), "must not contain control characters");

/** Whether a string holds a C0 control character or DEL (never valid in a name). */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

export const ZEmail = z.email().max(254);

export const ZRole = z.enum(["admin", "manager", "agent"]);
export type TRole = z.infer<typeof ZRole>;
