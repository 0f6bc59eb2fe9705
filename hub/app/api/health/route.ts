import { errorResponse, jsonResponse } from "../../../lib/http";
import { getHubRuntime } from "../../../lib/runtime";
import hubPackage from "../../../package.json" with { type: "json" };

// Answers from the running process on every request; never prerendered at build time.
export const dynamic = "force-dynamic";

/** `GET /api/health`: liveness for load balancers and `npm start` users. */
export function GET(): Response {
  try {
    const { config } = getHubRuntime();
    return jsonResponse({ status: "ok", version: hubPackage.version, storage: config.database.kind });
  } catch (error) {
    return errorResponse(error);
  }
}
