/**
 * The `otpauth://totp/…` URI authenticator apps import (Google's Key Uri Format): the label is
 * "Issuer:account", and the parameters name the algorithm, digits and period explicitly.
 *
 * @example
 * buildOtpauthUri({ secret, account: "ada@example.com", issuer: "Tawkster" })
 * // "otpauth://totp/Tawkster:ada%40example.com?secret=…&issuer=Tawkster&algorithm=SHA1&digits=6&period=30"
 */
export function buildOtpauthUri(options: { secret: string; account: string; issuer: string }): string {
  const label = `${encodeURIComponent(options.issuer)}:${encodeURIComponent(options.account)}`;
  const query = new URLSearchParams({
    secret: options.secret,
    issuer: options.issuer,
    algorithm: "SHA1",
    digits: "6",
    period: "30",
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/** A base32 secret in groups of four, easier to read aloud and type by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? "";
}
