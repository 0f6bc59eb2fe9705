/** How many of the list's most frequent passwords are refused. */
export const COMMON_PASSWORD_COUNT = 10_000;

let loading: Promise<ReadonlySet<string>> | undefined;

/**
 * The 10,000 most common passwords (lower-cased), from @zxcvbn-ts/language-common's
 * frequency-ordered list. Loaded on first use only: most processes never set a password.
 */
export function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  loading ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) =>
      new Set(dictionary.passwords.slice(0, COMMON_PASSWORD_COUNT).map((p) => p.toLowerCase())),
  );
  return loading;
}
