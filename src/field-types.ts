import type { OnDelete } from './snapshot/types.ts';

/** The column types a field may have, in Rails' words. */
export const FIELD_TYPES = [
  'string',
  'text',
  'integer',
  'bigint',
  'float',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'uuid',
  'json',
  'enum',
  'references',
  'password',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/** A parsed, validated field. */
export interface Field {
  /** camelCase attribute name */
  name: string;
  /** snake_case column name */
  column: string;
  type: FieldType;
  length?: number;
  precision?: number;
  scale?: number;
  values?: string[];
  unique: boolean;
  index: boolean;
  optional: boolean;
  hidden: boolean;
  /** Named like a secret (password, token, ...) but shown on purpose (`:public`) */
  public?: boolean;
  /** For password fields: the write-only API name (`password`); name and column hold the hash */
  secret?: { input: string; minLength: number };
  default?: FieldDefault;
  /** For references: the relation (belongs-to) this foreign key serves. */
  references?: Reference;
  /** The argument as the user typed it, for messages. */
  raw: string;
}

export type { OnDelete };

/** A belongs-to relation: `author:references{User}:cascade` gives relation author, column author_id. */
export interface Reference {
  /** The relation name (author) */
  relation: string;
  /** The referenced model's class name (User) */
  target: string;
  onDelete: OnDelete;
}

/** A default value, spelled for SQL and for the model. */
export interface FieldDefault {
  /** SQL expression for the column DEFAULT */
  sql: string;
  /** TypeScript expression for the model's defaultValue */
  ts: string;
}

/** How a type maps to PostgreSQL, Sequelize, TypeScript and TypeBox. */
export interface TypeMapping {
  sql: (f: Field, table: string) => string;
  dataType: (f: Field) => string;
  tsType: (f: Field) => string;
  schema: (f: Field) => string;
  /** searchable with ILIKE */
  searchable: boolean;
  /** may appear in ?sort= */
  sortable: boolean;
  /** always gets an equality filter (others only when indexed) */
  filterAlways: boolean;
  /** a sample value for generated tests, as a TypeScript expression */
  sample: (f: Field, seed: string) => unknown;
  /** a value of the wrong shape that validation must reject with 400, if the type has one */
  bad?: string;
}

const INT32 = { min: -2147483648, max: 2147483647 };

/** Longest secret accepted: scrypt's cost grows with the input, so it is bounded. */
export const SECRET_MAX_LENGTH = 1024;

/** The stored hash of a secret `password` lives in `hashed_password` (attribute hashedPassword), as seed 001 has it. */
export const SECRET_PREFIX = 'hashed_';

/** Whether a column holds a secret's hash. */
export function isSecretColumn(column: string): boolean {
  return column.startsWith(SECRET_PREFIX);
}

/** A SQL check that a secret column holds a hash in the app's format (scrypt$...), never plain text. */
export function secretCheck(column: string): string {
  return `"${column}" ~ '^scrypt[$]'`;
}

/** The name of the PostgreSQL enum type of a column, as Sequelize names it. */
export function enumTypeName(table: string, column: string): string {
  return `enum_${table}_${column}`;
}

/** A single-quoted SQL string literal ('' doubles a quote). */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A single-quoted TypeScript string literal of any text (backslashes kept). */
export function jsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function decimalPattern(f: Field): string {
  const whole = (f.precision ?? 10) - (f.scale ?? 0);
  const frac = f.scale ? `(\\.[0-9]{1,${f.scale}})?` : '';
  return `^-?[0-9]{1,${Math.max(whole, 1)}}${frac}$`;
}

export const TYPES: Record<FieldType, TypeMapping> = {
  string: {
    sql: (f) => `varchar(${f.length})`,
    dataType: (f) => `DataType.STRING(${f.length})`,
    tsType: () => 'string',
    schema: (f) => `Type.String({ maxLength: ${f.length} })`,
    searchable: true,
    sortable: true,
    filterAlways: false,
    sample: (f, seed) => `${f.name}-${seed}`.slice(0, f.length),
  },
  text: {
    sql: () => 'text',
    dataType: () => 'DataType.TEXT',
    tsType: () => 'string',
    schema: () => 'Type.String()',
    searchable: false,
    sortable: false,
    filterAlways: false,
    sample: (f, seed) => `${f.name} ${seed}`,
  },
  integer: {
    bad: "'abc'",
    sql: () => 'integer',
    dataType: () => 'DataType.INTEGER',
    tsType: () => 'number',
    schema: () => `Type.Integer({ minimum: ${INT32.min}, maximum: ${INT32.max} })`,
    searchable: false,
    sortable: true,
    filterAlways: false,
    sample: (_f, seed) => Number(seed.replace(/\D/g, '').slice(-6) || '1'),
  },
  bigint: {
    bad: "'12a'",
    sql: () => 'bigint',
    dataType: () => 'DataType.BIGINT',
    tsType: () => 'string',
    schema: () => `Type.String({ pattern: ${jsString('^-?[0-9]{1,19}$')} })`,
    searchable: false,
    sortable: true,
    filterAlways: false,
    sample: (_f, seed) => String(9000000000 + Number(seed.replace(/\D/g, '').slice(-6) || '1')),
  },
  float: {
    bad: "'abc'",
    sql: () => 'double precision',
    dataType: () => 'DataType.DOUBLE',
    tsType: () => 'number',
    schema: () => 'Type.Number()',
    searchable: false,
    sortable: true,
    filterAlways: false,
    sample: () => 1.5,
  },
  decimal: {
    bad: "'1x5'",
    sql: (f) => `numeric(${f.precision},${f.scale})`,
    dataType: (f) => `DataType.DECIMAL(${f.precision}, ${f.scale})`,
    tsType: () => 'string',
    schema: (f) => `Type.String({ pattern: ${jsString(decimalPattern(f))} })`,
    searchable: false,
    sortable: true,
    filterAlways: false,
    sample: (f) => (f.scale ? `1.${'5'.repeat(f.scale)}` : '1'),
  },
  boolean: {
    bad: "'maybe'",
    sql: () => 'boolean',
    dataType: () => 'DataType.BOOLEAN',
    tsType: () => 'boolean',
    schema: () => 'Type.Boolean()',
    searchable: false,
    sortable: true,
    filterAlways: true,
    sample: () => true,
  },
  date: {
    bad: "'2024-13-45'",
    sql: () => 'date',
    dataType: () => 'DataType.DATEONLY',
    tsType: () => 'string',
    schema: () => "Type.String({ format: 'date' })",
    searchable: false,
    sortable: true,
    filterAlways: false,
    sample: () => '2024-02-29',
  },
  datetime: {
    bad: "'yesterday'",
    sql: () => 'timestamp with time zone',
    dataType: () => 'DataType.DATE',
    tsType: () => 'Date',
    schema: () => "Type.String({ format: 'date-time' })",
    searchable: false,
    sortable: true,
    filterAlways: false,
    sample: () => '2024-02-29T12:00:00.000Z',
  },
  uuid: {
    bad: "'not-a-uuid'",
    sql: () => 'uuid',
    dataType: () => 'DataType.UUID',
    tsType: () => 'string',
    schema: () => "Type.String({ format: 'uuid' })",
    searchable: false,
    sortable: false,
    filterAlways: false,
    sample: () => '7f1c2d9e-0b6a-4c3e-9f5d-2a8b4c6d8e0f',
  },
  json: {
    sql: () => 'jsonb',
    dataType: () => 'DataType.JSONB',
    tsType: () => 'unknown',
    schema: () => 'Type.Unknown()',
    searchable: false,
    sortable: false,
    filterAlways: false,
    sample: () => ({ key: 'value' }),
  },
  enum: {
    bad: "'bogus'",
    sql: (f, table) => `"${enumTypeName(table, f.column)}"`,
    dataType: (f) => `DataType.ENUM(${(f.values ?? []).map((v) => `'${v}'`).join(', ')})`,
    tsType: (f) => (f.values ?? []).map((v) => `'${v}'`).join(' | '),
    schema: (f) => `StringEnum([${(f.values ?? []).map((v) => `'${v}'`).join(', ')}])`,
    searchable: false,
    sortable: true,
    filterAlways: true,
    sample: (f) => f.values?.[0] ?? '',
  },
  password: {
    sql: () => 'varchar(255)',
    dataType: () => 'DataType.STRING(255)',
    tsType: () => 'string',
    schema: (f) => `Type.String({ minLength: ${f.secret?.minLength ?? 8}, maxLength: ${SECRET_MAX_LENGTH} })`,
    searchable: false,
    sortable: false,
    filterAlways: false,
    sample: () => 'correct horse battery staple',
  },
  references: {
    bad: "'abc'",
    sql: () => 'integer',
    dataType: () => 'DataType.INTEGER',
    tsType: () => 'number',
    schema: () => 'Type.Integer({ minimum: 1, maximum: 2147483647 })',
    searchable: false,
    sortable: true,
    filterAlways: false,
    sample: () => 1,
  },
};
