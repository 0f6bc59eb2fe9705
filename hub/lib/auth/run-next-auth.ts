import type { AuthOptions } from "next-auth";
import NextAuthImport from "next-auth";
import { interopDefault } from "./interop-default";

const NextAuth = interopDefault(NextAuthImport);

/** What the hub hands next-auth for one request, already parsed. */
export type TNextAuthInput = {
  method: "GET" | "POST";
  action: string;
  providerId: string | undefined;
  body: Record<string, string>;
  cookies: Record<string, string>;
  headers: Record<string, string>;
};

/** What next-auth answered, captured. */
export type TNextAuthOutput = {
  status: number;
  headers: Headers;
  setCookies: string[];
  redirect: string | null;
  body: unknown;
};

/**
 * Runs next-auth's documented Pages Router entry point, `NextAuth(req, res, options)`, over plain
 * objects. The App Router entry point reads `next/headers`, which exists only inside Next's
 * request scope; this way the same code serves the route handler and runs in tests with a plain
 * `Request`, and the hub keeps control of what goes back to the browser.
 */
export async function runNextAuth(options: AuthOptions, input: TNextAuthInput): Promise<TNextAuthOutput> {
  const output: TNextAuthOutput = {
    status: 200,
    headers: new Headers(),
    setCookies: [],
    redirect: null,
    body: undefined,
  };
  const req = {
    method: input.method,
    query: { nextauth: [input.action, ...(input.providerId === undefined ? [] : [input.providerId])] },
    // `json: "true"` makes next-auth answer `{ url }` instead of a redirect we would have to undo.
    body: { ...input.body, json: "true" },
    cookies: input.cookies,
    headers: input.headers,
  };
  const res = {
    status(code: number) {
      output.status = code;
      return res;
    },
    getHeader(name: string) {
      return name.toLowerCase() === "set-cookie"
        ? output.setCookies
        : (output.headers.get(name) ?? undefined);
    },
    setHeader(name: string, value: string | string[]) {
      if (name.toLowerCase() === "set-cookie")
        output.setCookies = Array.isArray(value) ? [...value] : [value];
      else if (name.toLowerCase() === "location") output.redirect = String(value);
      else output.headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      return res;
    },
    json(body: unknown) {
      output.body = body;
      if (typeof body === "object" && body !== null && "url" in body) output.redirect = String(body.url);
      return res;
    },
    send(body: unknown) {
      output.body = body;
      return res;
    },
    end() {
      return res;
    },
  };
  await NextAuth(req as never, res as never, options);
  return output;
}
