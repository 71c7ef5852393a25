import { fail, q } from '../errors.ts';

/** The types a query's parameters and columns can have, as flags spell them. */
export const SQL_TYPES = ['integer', 'bigint', 'float', 'decimal', 'string', 'boolean', 'date', 'datetime', 'uuid', 'json'] as const;
export type SqlType = (typeof SQL_TYPES)[number];

/** A parameter or a column of a query. */
export interface TypedName {
  name: string;
  type: SqlType;
  nullable: boolean;
}

const TS: Record<SqlType, string> = {
  integer: 'number',
  bigint: 'string',
  float: 'number',
  decimal: 'string',
  string: 'string',
  boolean: 'boolean',
  date: 'Date',
  datetime: 'Date',
  uuid: 'string',
  json: 'unknown',
};

/** The TypeScript type of a value as node-postgres returns it. */
export function tsType(t: TypedName): string {
  return t.nullable ? `${TS[t.type]} | null` : TS[t.type];
}

/** The TypeBox schema of a column in a response (Dates as date-time strings). */
export function responseSchema(t: TypedName): string {
  const base: Record<SqlType, string> = {
    integer: 'Type.Integer()',
    bigint: 'Type.String()',
    float: 'Type.Number()',
    decimal: 'Type.String()',
    string: 'Type.String()',
    boolean: 'Type.Boolean()',
    date: 'DateTime()',
    datetime: 'DateTime()',
    uuid: 'Type.String()',
    json: 'Type.Unknown()',
  };
  return t.nullable ? `Nullable(${base[t.type]})` : base[t.type];
}

/** The TypeBox schema of a parameter in a querystring; a `limit` is bounded to 1..100. */
export function paramSchema(t: TypedName): string {
  if (t.type === 'integer')
    return t.name === 'limit' ? 'Type.Integer({ minimum: 1, maximum: 100, default: 20 })' : 'Type.Integer({ minimum: -2147483648, maximum: 2147483647 })';
  const base: Record<SqlType, string> = {
    integer: '',
    bigint: "Type.String({ pattern: '^-?[0-9]{1,19}$' })",
    float: 'Type.Number()',
    decimal: "Type.String({ pattern: '^-?[0-9]+(\\\\.[0-9]+)?$' })",
    string: 'Type.String({ maxLength: 1000 })',
    boolean: 'Type.Boolean()',
    date: "Type.String({ format: 'date' })",
    datetime: "Type.String({ format: 'date-time' })",
    uuid: "Type.String({ format: 'uuid' })",
    json: 'Type.Unknown()',
  };
  return base[t.type];
}

/** A valid value of each parameter type as a query string carries it (the generated route test sends these). */
const PARAM_SAMPLES: Record<SqlType, string> = {
  integer: '7',
  bigint: '9000000000',
  float: '1.5',
  decimal: '1.50',
  string: 'x',
  boolean: 'true',
  date: '2024-02-29',
  datetime: '2024-02-29T12:00:00.000Z',
  uuid: '7f1c2d9e-0b6a-4c3e-9f5d-2a8b4c6d8e0f',
  json: '{}',
};

/** A valid query-string value of a parameter, URL-encoded; a `limit` gets 10. */
export function paramSample(t: TypedName): string {
  return encodeURIComponent(t.name === 'limit' && t.type === 'integer' ? '10' : PARAM_SAMPLES[t.type]);
}

/** The TS type of a parameter as callers pass it. */
export function paramTsType(t: TypedName): string {
  return t.type === 'date' || t.type === 'datetime' ? 'Date | string' : TS[t.type];
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
