import { hashSessionSecret, signIn, signOutSession } from "@tawkster/core/auth";
import type { AuthOptions, User } from "next-auth";
import CredentialsImport from "next-auth/providers/credentials";
import type { THub } from "../hub-context";
import { authCookieNames } from "./auth-cookies";
import { authDepsOf } from "./auth-deps";
import { isHttpsHub } from "./hub-origin";
import { interopDefault } from "./interop-default";
import { ZSessionClaims } from "./session-claims";
import { currentSignInAttempt } from "./sign-in-attempt";

/** The longest any session may live (the policy maximum); the session row enforces the real limit. */
const COOKIE_MAX_AGE_SECONDS = 720 * 3600;

type TSessionUser = User & { sid: string; wid: string };

const CredentialsProvider = interopDefault(CredentialsImport);

/**
 * next-auth's configuration for the hub: one Credentials provider (email, password, optional code)
 * backed by core's `signIn`, JWT sessions whose token holds only the session secret and the member
 * and workspace ids, cookies that are HttpOnly, SameSite=Lax and Secure over https, and the
 * secret derived from the master key. Redirects stay relative, so next-auth needs no NEXTAUTH_URL:
 * the hub's handler answers JSON and the pages navigate themselves.
 */
export function buildAuthOptions(hub: THub): AuthOptions {
  const names = authCookieNames(hub.config);
  const secure = isHttpsHub(hub.config);
  const cookie = (name: string) => ({
    name,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  });
  return {
    secret: hub.authSecret,
    useSecureCookies: secure,
    session: { strategy: "jwt", maxAge: COOKIE_MAX_AGE_SECONDS },
    jwt: { maxAge: COOKIE_MAX_AGE_SECONDS },
    cookies: {
      sessionToken: cookie(names.session),
      csrfToken: cookie(names.csrf),
      callbackUrl: cookie(names.callbackUrl),
    },
    pages: { signIn: "/signin", error: "/signin", signOut: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Tawkster",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Code", type: "text" },
        },
        async authorize(credentials) {
          const attempt = currentSignInAttempt();
          if (attempt === null) return null;
          const result = await signIn(authDepsOf(hub), credentials ?? {}, {
            ip: attempt.clientIp,
            userAgent: attempt.userAgent,
          });
          attempt.result = result;
          if (!result.ok) return null;
          const user: TSessionUser = {
            id: result.member.id,
            sid: result.sessionSecret,
            wid: result.member.workspaceId,
          };
          return user;
        },
      }),
    ],
    callbacks: {
      // Only ids go into the token: a stolen cookie reveals no name or email, and a role change
      // cannot be outlived by a stale claim.
      async jwt({ token, user }) {
        if (user) {
          const { id, sid, wid } = user as TSessionUser;
          return { sid, mid: id, wid };
        }
        return token;
      },
      async redirect({ url }) {
        return url.startsWith("/") && !url.startsWith("//") ? url : "/";
      },
    },
    events: {
      async signOut({ token }) {
        const claims = ZSessionClaims.safeParse(token);
        if (!claims.success) return;
        const { sid, mid, wid } = claims.data;
        const row = await hub.store.scoped(wid).sessions.findByTokenHash(hashSessionSecret(sid));
        if (row === null) return;
        await signOutSession(authDepsOf(hub), { workspaceId: wid, memberId: mid, sessionId: row.id });
      },
    },
    logger: {
      // next-auth warns that NEXTAUTH_URL is unset; the hub does not use its URLs (see above).
      warn: () => {},
      // Codes only: next-auth's metadata can quote the request.
      error: (code) => console.error(`next-auth error: ${String(code)}`),
      debug: () => {},
    },
  };
}
