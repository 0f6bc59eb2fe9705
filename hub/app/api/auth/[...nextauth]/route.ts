import { handleAuthRequest } from "../../../../lib/auth/handle-auth-request";
import { errorResponse } from "../../../../lib/http";
import { getHub } from "../../../../lib/runtime";

// Sessions are per request; nothing here may be prerendered or cached.
export const dynamic = "force-dynamic";

/** `/api/auth/*`: agent sign-in, sign-out and CSRF tokens (next-auth, see lib/auth/handle-auth-request.ts). */
async function handle(request: Request): Promise<Response> {
  try {
    return await handleAuthRequest(getHub(), request);
  } catch (error) {
    return errorResponse(error);
  }
}

export { handle as GET, handle as POST };
