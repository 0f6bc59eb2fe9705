import { z } from "zod";

/** Every error code Tawkster answers with, and the HTTP status it maps to. */
export const ERROR_STATUS = {
  "request.invalid": 400,
  "request.too_large": 413,
  "request.method_not_allowed": 405,
  "request.unsupported_media_type": 415,
  "auth.required": 401,
  "auth.invalid_credentials": 401,
  "auth.second_factor_required": 401,
  "auth.locked": 429,
  "access.denied": 403,
  "access.origin_not_allowed": 403,
  "resource.not_found": 404,
  "resource.conflict": 409,
  "resource.gone": 410,
  "rate.limited": 429,
  "config.invalid": 500,
  "crypto.unreadable": 500,
  "storage.failed": 500,
  "internal.error": 500,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

export const ZErrorCode = z.enum(Object.keys(ERROR_STATUS) as [TErrorCode, ...TErrorCode[]]);

/** The one error body every edge answers with. */
export const ZErrorBody = z.object({
  error: z.object({ code: z.string().min(1), message: z.string().min(1) }),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** An expected failure with a stable code and a message that is safe to show to the caller. */
export class AppError extends Error {
  readonly code: TErrorCode;
  readonly status: number;

  constructor(code: TErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
  }

  /** The JSON body for this error; never includes the cause or a stack. */
  toBody(): TErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Whether a value is an AppError (also across module copies). */
export function isAppError(value: unknown): value is AppError {
  return (
    value instanceof AppError || (value instanceof Error && value.name === "AppError" && "code" in value)
  );
}

/** Turns anything thrown into a status and a safe body; unknown errors become a generic 500. */
export function toErrorResponse(error: unknown): { status: number; body: TErrorBody } {
  if (isAppError(error)) return { status: error.status, body: error.toBody() };
  if (error instanceof z.ZodError) {
    return { status: 400, body: { error: { code: "request.invalid", message: describeZodError(error) } } };
  }
  return {
    status: 500,
    body: { error: { code: "internal.error", message: "Something went wrong on our side." } },
  };
}

/** One line naming the first invalid field, for error messages (never echoes the input value). */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid request.";
  const path = issue.path.length > 0 ? issue.path.join(".") : "input";
  return `${path}: ${issue.message}`;
}
