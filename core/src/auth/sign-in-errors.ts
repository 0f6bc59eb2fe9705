import { AppError } from "../errors/app-error";

/** The one answer to every failed sign-in, so it reveals neither which emails exist nor what was wrong. */
export const SIGN_IN_FAILED_MESSAGE = "The email, password or code is not right.";

/** The answer when the right password arrives without the code its account needs. */
export const SECOND_FACTOR_MESSAGE =
  "Enter the 6-digit code from your authenticator app, or a recovery code.";

/** An AppError that tells the caller how many seconds to wait (sent as `Retry-After`). */
export class AccountLockedError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super("auth.locked", `Too many attempts — try again in ${retryAfterSeconds} seconds.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The error for a sign-in result that failed. */
export function toSignInError(
  failure:
    | { reason: "invalid" }
    | { reason: "second-factor-required" }
    | { reason: "locked"; retryAfterSeconds: number },
): AppError {
  switch (failure.reason) {
    case "locked":
      return new AccountLockedError(failure.retryAfterSeconds);
    case "second-factor-required":
      return new AppError("auth.second_factor_required", SECOND_FACTOR_MESSAGE);
    default:
      return new AppError("auth.invalid_credentials", SIGN_IN_FAILED_MESSAGE);
  }
}
