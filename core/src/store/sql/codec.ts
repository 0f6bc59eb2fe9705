import type { TSqlValue } from "./driver";

// Conversions between domain values and what both databases store alike.

export function toMs(date: Date): number {
  return date.getTime();
}

export function toMsOrNull(date: Date | null | undefined): number | null {
  return date ? date.getTime() : null;
}

export function fromMs(value: unknown): Date {
  return new Date(Number(value));
}

export function fromMsOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(Number(value));
}

export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: unknown): boolean {
  return Number(value) === 1;
}

export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError("expected a byte column");
}

export function toBytesOrNull(value: unknown): Uint8Array | null {
  return value === null || value === undefined ? null : toBytes(value);
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(value: unknown): T {
  return JSON.parse(String(value)) as T;
}

/** A column of an updatable table: its SQL name and how to encode the domain value. */
export type TColumnCodec = [column: string, encode: (value: never) => TSqlValue];

/**
 * Builds `SET a = ?, b = ?` for the fields present in a patch. Only fields named in `columns` can
 * reach SQL, so a caller can never update a column the repository does not expose.
 */
export function buildSet(
  columns: Record<string, TColumnCodec>,
  patch: Record<string, unknown>,
): { sql: string; params: TSqlValue[] } | null {
  const sets: string[] = [];
  const params: TSqlValue[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const codec = columns[field];
    if (!codec || value === undefined) continue;
    sets.push(`${codec[0]} = ?`);
    params.push(codec[1](value as never));
  }
  return sets.length === 0 ? null : { sql: sets.join(", "), params };
}

export const asText = (v: string | null): TSqlValue => v;
export const asBytes = (v: Uint8Array | null): TSqlValue => v;
export const asMs = (v: Date | null): TSqlValue => toMsOrNull(v);
export const asFlag = (v: boolean): TSqlValue => toFlag(v);
export const asJson = (v: unknown): TSqlValue => (v === null ? null : toJson(v));
