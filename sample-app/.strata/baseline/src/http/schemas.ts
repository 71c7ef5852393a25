import { Type, type TSchema } from '@sinclair/typebox';
import { MAX_KEY } from '../db/keys.ts';

/** A string enum that OpenAPI shows as `enum` (TypeBox's Union would show anyOf). */
export function StringEnum<T extends string[]>(values: [...T]) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: values });
}

/** A timestamp: ISO 8601 on the wire, a Date (or an ISO string) in code. */
export function DateTime() {
  return Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
}

/** Nullable variant of a schema, for optional columns. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** Bounded pagination shared by every list route. */
export const PaginationQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 }),
};

/** The page envelope of list routes. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
}

/** Every error response has this shape (src/errors.ts lists the codes). */
export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
});

/** The error responses every CRUD route documents (src/errors.ts lists the codes). */
export const CRUD_ERRORS = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  503: ErrorResponse,
};

/** The id path parameter; anything but a positive integer up to 2^53 - 1 in plain digits is a 400 (src/http/validation.ts). */
export const IdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: MAX_KEY }) },
  { additionalProperties: false },
);

/** Parses `-price,name` into whitelisted sort keys, with id as the final tiebreak. */
export function parseSort(
  sort: string | undefined,
  sortable: string[],
  fallback: string,
): Array<[string, 'ASC' | 'DESC']> {
  const keys: Array<[string, 'ASC' | 'DESC']> = [];
  for (const part of (sort ?? fallback).split(',')) {
    const desc = part.startsWith('-');
    const attribute = desc ? part.slice(1) : part;
    if (sortable.includes(attribute) && !keys.some(([a]) => a === attribute))
      keys.push([attribute, desc ? 'DESC' : 'ASC']);
  }
  if (!keys.some(([a]) => a === 'id')) keys.push(['id', 'ASC']);
  return keys;
}

/** A pattern that admits only comma-separated, optionally negated, whitelisted keys. */
export function sortPattern(keys: string[]): string {
  const key = `-?(${keys.join('|')})`;
  return `^${key}(,${key}){0,4}$`;
}
