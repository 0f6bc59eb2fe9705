/**
 * The default export of a CommonJS module compiled from ESM (`exports.default = …` with
 * `__esModule`), whichever way it was imported: Next's bundler unwraps it, Node's own ESM loader
 * (the custom server, tests) hands over the whole `exports` object.
 */
export function interopDefault<T>(imported: T | { default: T }): T {
  if (typeof imported === "object" && imported !== null && "default" in imported) {
    return (imported as { default: T }).default;
  }
  return imported as T;
}
