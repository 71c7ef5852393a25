import { fail, q } from '../errors.ts';
import type { Field, FieldType } from '../field-types.ts';
import { TYPES } from '../type-registry.ts';

/** The types a query's parameters and columns can have, as flags spell them. */
export const SQL_TYPES = [
  'integer',
  'bigint',
  'float',
  'decimal',
  'string',
  'boolean',
  'date',
  'datetime',
  'uuid',
  'json',
] as const satisfies readonly FieldType[];
export type SqlType = (typeof SQL_TYPES)[number];

/** A parameter or a column of a query. */
export interface TypedName {
  name: string;
  type: SqlType;
  nullable: boolean;
}

/** The TS type of a column as the raw layer returns it (the type registry's rowType). */
export function tsType(t: TypedName): string {
  const base = TYPES[t.type].rowType;
  return t.nullable ? `${base} | null` : base;
}

/** The TypeBox schema of a column in a response: any value of its type (no field bounds it). */
export function responseSchema(t: TypedName): string {
  const base = TYPES[t.type].valueSchema;
  return t.nullable ? `Nullable(${base})` : base;
}

/** The TypeBox schema of a parameter in a querystring; a `limit` is bounded to 1..100. */
export function paramSchema(t: TypedName): string {
  if (t.type === 'integer' && t.name === 'limit') return 'Type.Integer({ minimum: 1, maximum: 100, default: 20 })';
  return TYPES[t.type].paramSchema;
}

/** A valid query-string value of a parameter, URL-encoded (the generated route test sends it); a `limit` gets 10. */
export function paramSample(t: TypedName): string {
  return encodeURIComponent(t.name === 'limit' && t.type === 'integer' ? '10' : TYPES[t.type].wireSample);
}

/** The TS type of a parameter as callers pass it. */
export function paramTsType(t: TypedName): string {
  return TYPES[t.type].tsInput({} as Field);
}

/** `name:type` or `name:type?`, as parseTyped reads it. */
export function typedText(t: TypedName): string {
  return `${t.name}:${t.type}${t.nullable ? '?' : ''}`;
}

/** Parses `name:type` or `name:type?` (nullable). */
export function parseTyped(raw: string, what: 'param' | 'column'): TypedName {
  const m = /^([a-z_][A-Za-z0-9_]*):([a-z]+)(\?)?$/.exec(raw);
  if (!m || !(SQL_TYPES as readonly string[]).includes(m[2]!)) {
    fail('STRATA_QUERY', `--${what} ${q(raw)} is not name:type; types are ${SQL_TYPES.join(', ')} (a trailing ? makes a column nullable)`);
  }
  return { name: m[1]!, type: m[2] as SqlType, nullable: m[3] === '?' };
}

const PG: Record<string, SqlType> = {
  smallint: 'integer',
  integer: 'integer',
  int2: 'integer',
  int4: 'integer',
  bigint: 'bigint',
  int8: 'bigint',
  real: 'float',
  'double precision': 'float',
  float4: 'float',
  float8: 'float',
  numeric: 'decimal',
  text: 'string',
  varchar: 'string',
  'character varying': 'string',
  bpchar: 'string',
  character: 'string',
  name: 'string',
  boolean: 'boolean',
  bool: 'boolean',
  date: 'date',
  'timestamp with time zone': 'datetime',
  'timestamp without time zone': 'datetime',
  timestamptz: 'datetime',
  timestamp: 'datetime',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'json',
};

/** Maps a PostgreSQL type name onto a query type (anything unknown is read as a string). */
export function fromPg(type: string): SqlType {
  return PG[type] ?? 'string';
}
