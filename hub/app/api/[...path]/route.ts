import { notFoundResponse } from "../../../lib/http";

// Any /api/* path without its own route: a JSON 404 in the error shape, never an HTML page.
export const dynamic = "force-dynamic";

function notFound(): Response {
  return notFoundResponse();
}

export {
  notFound as DELETE,
  notFound as GET,
  notFound as OPTIONS,
  notFound as PATCH,
  notFound as POST,
  notFound as PUT,
};
