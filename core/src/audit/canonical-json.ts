/**
 * Deterministic JSON: object keys sorted by code unit, no whitespace, dates as ISO strings.
 * Refuses what plain JSON would silently change (undefined inside arrays, NaN, Infinity, bigint,
 * invalid dates), so two equal values always give the same text and different ones never do.
 * Object properties that are `undefined` are left out, as JSON does.
 */
export function canonicalizeJson(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError("Cannot canonicalize an invalid date.");
    return JSON.stringify(value.toISOString());
  }
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("Cannot canonicalize a non-finite number.");
      return JSON.stringify(value);
    case "object":
      return Array.isArray(value)
        ? canonicalizeArray(value)
        : canonicalizeObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`Cannot canonicalize a ${typeof value}.`);
  }
}

function canonicalizeArray(values: unknown[]): string {
  return `[${values.map((item) => canonicalizeJson(item)).join(",")}]`;
}

function canonicalizeObject(record: Record<string, unknown>): string {
  const entries = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalizeJson(record[key])}`);
  return `{${entries.join(",")}}`;
}
