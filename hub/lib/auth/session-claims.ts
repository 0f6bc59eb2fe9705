import { decode } from "next-auth/jwt";
import { z } from "zod";

/**
 * What the session cookie's JWT carries (encrypted by next-auth with the hub's auth secret): the
 * session secret `sid` (whose SHA-256 finds the row) and the member and workspace ids. Nothing
 * else — no name, email or role: those are read from the store on every request.
 */
export const ZSessionClaims = z.object({
  sid: z.string().min(32).max(200),
  mid: z.uuid(),
  wid: z.uuid(),
});
export type TSessionClaims = z.infer<typeof ZSessionClaims>;

/** Decrypts and checks a session cookie's value; null for anything that is not a valid, unexpired token. */
export async function decodeSessionClaims(token: string, secret: string): Promise<TSessionClaims | null> {
  if (token.length === 0 || token.length > 4096) return null;
  try {
    const payload = await decode({ token, secret });
    const parsed = ZSessionClaims.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
