import { isAppError } from "@tawkster/core/errors";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";

/** What a server action answers: its value, or a message that is safe to show as it is. */
export type TActionResult<T = null> = { ok: true; value: T } | { ok: false; error: string };

const GENERIC_ERROR = "Something went wrong on our side. Please try again.";

/**
 * Text to show a member for anything a console operation threw: an AppError's own (safe) message,
 * a validation problem naming the field, else a generic sentence. Never a stack or a cause.
 */
export function toFriendlyMessage(error: unknown): string {
  if (isAppError(error)) {
    if (error.code === "resource.not_found") return "That no longer exists, or you may not see it.";
    if (error.code === "access.denied") return "You are not allowed to do this.";
    return error.message;
  }
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    if (!issue) return "Please check the form.";
    const field = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return `${field}${issue.message}`;
  }
  // Logged without the error itself: it may carry input, and logs never carry content.
  console.error("Console action failed:", error instanceof Error ? error.name : typeof error);
  return GENERIC_ERROR;
}

/** Runs an action's work and turns whatever it throws into a friendly result. */
export async function toActionResult<T>(work: () => Promise<T>): Promise<TActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    // redirect() (a session that ended) and notFound() must reach Next untouched.
    unstable_rethrow(error);
    return { ok: false, error: toFriendlyMessage(error) };
  }
}
