import { z } from "zod";
import { ZId } from "../schemas/common";

/** What a visitor token says: who the visitor is, on which site and origin, and until when. */
export const ZVisitorTokenClaims = z.object({
  workspaceId: ZId,
  siteId: ZId,
  visitorId: ZId,
  /** The embedding page's origin, normalized (`https://shop.example.com`). */
  origin: z.string().min(1).max(300),
  /** Whether the visitor consented to a token that outlives the browser session. */
  persistent: z.boolean(),
  issuedAt: z.date(),
  expiresAt: z.date(),
});
export type TVisitorTokenClaims = z.infer<typeof ZVisitorTokenClaims>;

/** The claims as they travel inside a token: times as epoch milliseconds. */
export const ZVisitorTokenPayload = z.strictObject({
  workspaceId: ZId,
  siteId: ZId,
  visitorId: ZId,
  origin: z.string().min(1).max(300),
  persistent: z.boolean(),
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().positive(),
});
export type TVisitorTokenPayload = z.infer<typeof ZVisitorTokenPayload>;

/** Version tag every token starts with; a new format gets a new tag, never a silent change. */
export const VISITOR_TOKEN_VERSION = "v1";

/** Longest token accepted: refuses oversized input before any decoding or hashing. */
export const VISITOR_TOKEN_MAX_LENGTH = 2048;

/** A visitor token as it travels (shape only; the signature is checked by checkVisitorToken). */
export const ZVisitorToken = z
  .string()
  .max(VISITOR_TOKEN_MAX_LENGTH)
  .regex(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, "must be a visitor token");
