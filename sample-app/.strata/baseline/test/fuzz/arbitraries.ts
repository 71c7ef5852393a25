/** fast-check arbitraries for values a schema accepts, with ids of rows created earlier mixed in. */
import fc from 'fast-check';
import { asArray, deref, isRecord, recordOf, type Schema, schemaTypes, stringsOf } from './openapi.ts';

export type Id = number | string;

export interface GenContext {
  doc: Schema;
  /** Ids of rows created so far, so that valid requests (and foreign keys in bodies) hit existing rows. */
  ids: Id[];
  /** The same ids by the last segment of the collection that created them (`/a/b` → `b`). */
  idsByCollection: Map<string, Id[]>;
}

/** The static segment before a path parameter: `/a/{id}/b/{otherId}` gives `a` for id, `b` for otherId. */
export function collectionOf(path: string, param: string): string | undefined {
  const segments = path.split('/');
  const index = segments.indexOf(`{${param}}`);
  return segments
    .slice(0, Math.max(index, 0))
    .reverse()
    .find((segment) => segment !== '' && !segment.startsWith('{'));
}

export function lastSegment(path: string): string {
  return path.split('/').filter(Boolean).at(-1) ?? '';
}

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

export function numberOr<T extends number | undefined>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function codePoints(text: string): number {
  return [...text].length;
}

/** allOf of object schemas, merged into one (enough for generated APIs). */
export function mergeAllOf(doc: Schema, schema: Schema): Schema {
  const parts = asArray(schema.allOf).map((part) => recordOf(deref(doc, part)));
  const rest: Schema = { ...schema };
  delete rest.allOf;
  return parts.reduce<Schema>(
    (merged, part) => ({
      ...part,
      ...merged,
      properties: { ...recordOf(part.properties), ...recordOf(merged.properties) },
      required: [...stringsOf(part.required), ...stringsOf(merged.required)],
    }),
    rest,
  );
}

export function arbitraryFor(ctx: GenContext, input: unknown, depth = 0, name = ''): fc.Arbitrary<unknown> {
  const schema = deref(ctx.doc, input);
  if (!isRecord(schema) || depth > 6) return fc.constant(null);
  if (Array.isArray(schema.allOf)) return arbitraryFor(ctx, mergeAllOf(ctx.doc, schema), depth + 1, name);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const alternatives = [...asArray(schema.anyOf), ...asArray(schema.oneOf)];
  if (alternatives.length > 0) {
    const arbs = alternatives.map((alternative) => arbitraryFor(ctx, alternative, depth + 1, name));
    return schema.nullable === true ? fc.oneof(fc.constant(null), ...arbs) : fc.oneof(...arbs);
  }
  const types = schemaTypes(ctx.doc, schema);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => arbitraryOfType(ctx, schema, type, depth, name)));
}

export function arbitraryOfType(
  ctx: GenContext,
  schema: Schema,
  type: string,
  depth: number,
  name: string,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerArbitrary(ctx, schema);
    case 'number':
      return fc.double({
        min: numberOr(schema.minimum, numberOr(schema.exclusiveMinimum, undefined)),
        max: numberOr(schema.maximum, numberOr(schema.exclusiveMaximum, undefined)),
        minExcluded: schema.exclusiveMinimum !== undefined && schema.exclusiveMinimum !== false,
        maxExcluded: schema.exclusiveMaximum !== undefined && schema.exclusiveMaximum !== false,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string':
      return stringArbitrary(ctx, schema, name);
    case 'array':
      return arrayArbitrary(ctx, schema, depth);
    case 'object':
      return objectArbitrary(ctx, schema, depth);
    default:
      return fc.constant(null);
  }
}

export function integerBounds(schema: Schema): { min: number; max: number } {
  let min = Math.ceil(numberOr(schema.minimum, INT32_MIN));
  let max = Math.floor(numberOr(schema.maximum, INT32_MAX));
  // OpenAPI 3.1 gives exclusive bounds as numbers, 3.0 as booleans next to minimum/maximum.
  if (typeof schema.exclusiveMinimum === 'number') min = Math.floor(schema.exclusiveMinimum) + 1;
  else if (schema.exclusiveMinimum === true) min += 1;
  if (typeof schema.exclusiveMaximum === 'number') max = Math.ceil(schema.exclusiveMaximum) - 1;
  else if (schema.exclusiveMaximum === true) max -= 1;
  return { min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) };
}

export function integerArbitrary(ctx: GenContext, schema: Schema): fc.Arbitrary<number> {
  const { min, max } = integerBounds(schema);
  const known = ctx.ids.filter((id): id is number => typeof id === 'number' && id >= min && id <= max);
  const arbs: Array<fc.WeightedArbitrary<number>> = [
    { arbitrary: fc.integer({ min, max }), weight: 2 },
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
  ];
  if (known.length > 0) arbs.push({ arbitrary: fc.constantFrom(...known), weight: 4 });
  return fc.oneof(...arbs);
}

/** The app's one spelling of a stored hash (bulk rows may carry one); the leak check catches any in a response. */
export const SECRET_HASH = /^scrypt[$](1[0-9]|20)[$]8[$]1[$][A-Za-z0-9_-]{22}[$][A-Za-z0-9_-]{43}$/;
export const SECRET_HASH_MIN_LENGTH = 80;

export function stringArbitrary(ctx: GenContext, schema: Schema, name: string): fc.Arbitrary<string> {
  const min = numberOr(schema.minLength, 0);
  const max = numberOr(schema.maxLength, undefined);
  const fits = (text: string) => codePoints(text) >= min && (max === undefined || codePoints(text) <= max);
  return stringSource(ctx, schema, name, min, max).filter(fits);
}

export function stringSource(
  ctx: GenContext,
  schema: Schema,
  name: string,
  min: number,
  max: number | undefined,
): fc.Arbitrary<string> {
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern));
    } catch {
      // A pattern JavaScript cannot compile: fall through to plain strings.
    }
  }
  const knownStrings = ctx.ids.filter((id): id is string => typeof id === 'string');
  switch (schema.format) {
    case 'date-time':
      return isoDate().map((d) => d.toISOString());
    case 'date':
      return isoDate().map((d) => d.toISOString().slice(0, 10));
    case 'uuid':
      return knownStrings.length > 0 ? fc.oneof(fc.uuid(), fc.constantFrom(...knownStrings)) : fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
  }
  if (/^hashed/i.test(name) && (max ?? Infinity) >= SECRET_HASH_MIN_LENGTH) return fc.stringMatching(SECRET_HASH);
  const cap = Math.min(max ?? min + 40, min + 40);
  const sources: Array<fc.WeightedArbitrary<string>> = [
    { arbitrary: fc.string({ minLength: min, maxLength: cap }), weight: 4 },
    { arbitrary: fc.string({ minLength: min, maxLength: cap, unit: 'grapheme' }), weight: 1 },
    { arbitrary: fc.string({ minLength: min, maxLength: cap, unit: 'binary' }), weight: 1 },
  ];
  // Exactly maxLength code points, some outside the BMP: where ajv and the database may disagree.
  if (max !== undefined && max <= 10_000) {
    sources.push({ arbitrary: fc.string({ minLength: max, maxLength: max, unit: 'grapheme-composite' }), weight: 1 });
  }
  return fc.oneof(...sources);
}

export function isoDate(): fc.Arbitrary<Date> {
  return fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
}

export function arrayArbitrary(ctx: GenContext, schema: Schema, depth: number): fc.Arbitrary<unknown[]> {
  const minLength = numberOr(schema.minItems, 0);
  const maxLength = Math.min(numberOr(schema.maxItems, minLength + 4), minLength + 4);
  const items = arbitraryFor(ctx, schema.items ?? {}, depth + 1);
  return schema.uniqueItems === true
    ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(items, { minLength, maxLength });
}

export function objectArbitrary(ctx: GenContext, schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(recordOf(schema.properties))) {
    model[key] = arbitraryFor(ctx, sub, depth + 1, key);
  }
  const required = stringsOf(schema.required);
  for (const key of required) model[key] ??= fc.jsonValue({ maxDepth: 1 });
  const minProperties = numberOr(schema.minProperties, 0);
  return fc.record(model, { requiredKeys: required }).filter((o) => Object.keys(o).length >= minProperties);
}
