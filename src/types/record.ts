import { jsString, sqlString, type Field, type FieldDefault } from '../field-types.ts';

/**
 * Everything strata knows about one field type, in one record: the SQL type, the
 * Sequelize DataType (and the member name it is read back by), the TypeScript types
 * of the model and of the raw layer, the TypeBox schema, values for generated tests,
 * and the parser of its `=default`. Every generator and reader asks this table.
 */
export interface TypeRecord {
  /** The column type, as the snapshot spells it. */
  sql: (f: Field, table: string) => string;
  /** Matches the snapshot's spelling of this type (reads a table back into types). */
  sqlPattern: RegExp;
  /** The Sequelize DataType expression a model declares. */
  dataType: (f: Field) => string;
  /** The DataType member (`DataType.<name>`), by which models are read back. */
  dataTypeName: string;
  /** The model attribute's TypeScript type. */
  tsType: (f: Field) => string;
  /** What callers may pass for it (a datetime also takes an ISO string). */
  tsInput: (f: Field) => string;
  /** The TypeScript type node-postgres returns for it on the raw layer. */
  rowType: string;
  /** What the raw layer takes for it (bulk rows). */
  rowInput: string;
  /** The JSON value an NDJSON import gives it (bigint and numeric travel as strings, as in the API). */
  jsonKind: 'string' | 'integer' | 'number' | 'boolean' | 'json';
  /** The TypeBox schema of the value in requests and responses. */
  schema: (f: Field) => string;
  /** The schema of any value of the type, where no field bounds it (a raw query's column). */
  valueSchema: string;
  /** The schema of a raw query's parameter of this type in a query string (bounded). */
  paramSchema: string;
  /** Searchable with ILIKE. */
  searchable: boolean;
  /** May appear in ?sort=. */
  sortable: boolean;
  /** Always gets an equality filter (others only when indexed). */
  filterAlways: boolean;
  /** A valid value for generated tests, as a TypeScript expression (unique fields get fresh ones). */
  testValue: (f: Field) => string;
  /** A valid value as text (a query-string parameter), for generated tests. */
  wireSample: string;
  /** A value of the wrong shape that validation must reject with 400, if the type has one. */
  bad?: string;
  /** Parses `=default` text into SQL and TypeScript; `reject` explains what is wrong. */
  parseDefault: (f: Field, text: string, reject: (hint: string) => never) => FieldDefault;
}

/** PostgreSQL integer bounds, which the API enforces too. */
export const INT32 = { min: -2147483648, max: 2147483647 } as const;

/** The API pattern of a decimal{p,s}: at most p - s whole digits and s fraction digits. */
export function decimalPattern(f: Field): string {
  const whole = (f.precision ?? 10) - (f.scale ?? 0);
  const frac = f.scale ? `(\\.[0-9]{1,${f.scale}})?` : '';
  return `^-?[0-9]{1,${Math.max(whole, 1)}}${frac}$`;
}

/** A string default: quoted for SQL and for TypeScript. */
export const literal = (text: string): FieldDefault => ({ sql: sqlString(text), ts: jsString(text) });
/** The default parser of a type that takes none; `why` says so. */
export const noDefault =
  (why: string) =>
  (_f: Field, _text: string, reject: (hint: string) => never): FieldDefault =>
    reject(`is not allowed; ${why}`);

/** What most types share: not searchable, sortable, filtered only when indexed. */
export const common = { searchable: false, sortable: true, filterAlways: false } as const;

/** A type that is text in TypeScript, on the raw layer and in NDJSON (bigint and numeric travel as strings, as in the API). */
export const STRING_VALUED = { tsType: () => 'string', tsInput: () => 'string', rowType: 'string', rowInput: 'string', jsonKind: 'string' } as const;
