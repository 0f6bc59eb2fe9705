import { AppError } from "../errors/app-error";
import { loadCommonPasswords } from "./common-passwords";

/** Shortest password accepted: length is what makes a password hard to guess. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password accepted: argon2 does not need more, and a limit stops absurd inputs. */
export const MAX_PASSWORD_LENGTH = 256;

/** Name parts shorter than this are not checked: "Al" inside a password is chance, not reuse. */
const MIN_CHECKED_PART = 3;

/**
 * Checks a password someone is choosing: 12 to 256 characters (code points), not one of the
 * 10,000 most common passwords, and not containing the account's email local part or name.
 * Throws AppError request.invalid with a message saying which rule failed (never the password).
 *
 * @example
 * await checkNewPassword("correct horse battery", { email: "ada@example.com", name: "Ada" });
 */
export async function checkNewPassword(
  password: unknown,
  account: { email: string; name: string },
): Promise<string> {
  if (typeof password !== "string") throw invalid("The password must be text.");
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw invalid(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw invalid(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  }
  const lower = password.toLowerCase();
  if ((await loadCommonPasswords()).has(lower)) {
    throw invalid("This password is among the 10,000 most common passwords; choose another.");
  }
  const localPart = account.email.split("@")[0]?.trim().toLowerCase() ?? "";
  if (localPart.length >= MIN_CHECKED_PART && lower.includes(localPart)) {
    throw invalid("The password must not contain your email address.");
  }
  const name = account.name.trim().toLowerCase();
  const nameParts = [name, ...name.split(/\s+/)].filter((part) => part.length >= MIN_CHECKED_PART);
  if (nameParts.some((part) => lower.includes(part))) {
    throw invalid("The password must not contain your name.");
  }
  return password;
}

function invalid(message: string): AppError {
  return new AppError("request.invalid", message);
}
