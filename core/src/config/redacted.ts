import { inspect } from "node:util";

const REDACTED = "[redacted]";

/**
 * Holds a secret so that it cannot reach a log by accident: `String()`, `JSON.stringify` and
 * `console.log` / `util.inspect` all show `[redacted]`; only `reveal()` returns the value.
 *
 * @example
 * const key = new Redacted(Buffer.alloc(32));
 * console.log({ key }); // { key: Redacted([redacted]) }
 * encrypt(key.reveal(), plaintext);
 */
export class Redacted<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  /** The secret itself; call it only where the value is used, never to print it. */
  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Redacted(${REDACTED})`;
  }
}
