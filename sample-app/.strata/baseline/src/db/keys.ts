import type { Model } from 'sequelize-typescript';

/** The largest id a JSON number carries exactly (2^53 − 1); ids travel as JSON integers. */
export const MAX_KEY = Number.MAX_SAFE_INTEGER;

/** An int8 key as a number. node-postgres reads int8 as text, since it may exceed what a number holds exactly; a key that does is refused. */
export function toKey(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' ? !/^-?[0-9]+$/.test(value) : !Number.isInteger(n))
    throw new TypeError(`key ${String(value)} is not a whole number`);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(
      `key ${String(value)} is beyond 2^53 - 1 (${MAX_KEY}) in size: it cannot travel as a JSON number; keep ids below it`,
    );
  }
  return n;
}

/**
 * The getter of a model's bigint key attribute (id, authorId): reads it as a number. It is
 * marked readsOwnValue: it only converts its own stored value, so src/db/repositories/shapes.ts
 * can run it over a raw row (a model with any other getter is read through the ORM).
 */
export function key(attribute: string): ((this: Model) => number | null) & { readsOwnValue: true } {
  return Object.assign(
    function read(this: Model) {
      return toKey(this.getDataValue(attribute));
    },
    { readsOwnValue: true as const },
  );
}
