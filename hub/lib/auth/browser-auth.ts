// Browser-side helpers of the auth pages (client components only): next-auth's CSRF token and
// the hub's JSON error shape.

/** The one error shape, as the pages read it. */
export type TApiError = { code: string; message: string };

/** A CSRF token for the next POST to /api/auth/* (next-auth's double-submit cookie comes with it). */
export async function fetchCsrfToken(): Promise<string> {
  const response = await fetch("/api/auth/csrf", { credentials: "same-origin", cache: "no-store" });
  const body = (await response.json()) as { csrfToken?: unknown };
  if (typeof body.csrfToken !== "string") throw new Error("no CSRF token");
  return body.csrfToken;
}

/** Posts a form to /api/auth/*, with the CSRF token added. */
export async function postAuthForm(path: string, fields: Record<string, string>): Promise<Response> {
  const csrfToken = await fetchCsrfToken();
  return fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken }).toString(),
  });
}

/** Sends JSON to the hub's API (the browser adds the Origin header the API checks). */
export function sendJson(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The error of a failed response, or a generic one when it is not in the error shape. */
export async function readApiError(response: Response): Promise<TApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === "string" && typeof body.error.message === "string") {
      return { code: body.error.code, message: body.error.message };
    }
  } catch {
    // Not JSON: fall through.
  }
  return { code: "internal.error", message: "Something went wrong. Try again." };
}

/** Signs the browser out and goes to /signin. */
export async function signOut(): Promise<void> {
  await postAuthForm("/api/auth/signout", {}).catch(() => undefined);
  window.location.assign("/signin");
}
