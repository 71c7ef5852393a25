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
import type { KeyType } from './types/keys.ts';

/** A belongs-to relation: `author:references{User}:cascade` gives relation author, column author_id. */
export interface Reference {
  /** The relation name (author) */
  relation: string;
  /** The referenced model's class name (User) */
  target: string;
  onDelete: OnDelete;
  /** The type of the key it holds: the project's key type */
  key: KeyType;
}

/** A default value, spelled for SQL and for the model. */
export interface FieldDefault {
  /** SQL expression for the column DEFAULT */
  sql: string;
  /** TypeScript expression for the model's defaultValue */
  ts: string;
}

/** Longest secret accepted: scrypt's cost grows with the input, so it is bounded. */
export const SECRET_MAX_LENGTH = 1024;

/** The stored hash of a secret `password` lives in `hashed_password` (attribute hashedPassword), as seed 001 has it. */
export const SECRET_PREFIX = 'hashed_';

/** Whether a column holds a secret's hash. */
/** Column names that hold a secret (password, token, key), unless they only describe one (password_hint, token_limit, ..._at). */
const SECRET_NAME = /(^|_)(password|passwd|pwd|secret|token|api_?key|private_?key|credentials?)(_|$)/;
const DESCRIBES_SECRET = /_(at|count|id|expires|type|hint|limit|length)$|^(is|has)_/;

/** Whether a column (snake_case) is named like a secret: generate refuses to store one as given, check reports one. */
export function looksSecret(column: string): boolean {
  return SECRET_NAME.test(column) && !DESCRIBES_SECRET.test(column);
}

/** Whether a column holds the hash of a password field (hashed_*). */
export function isSecretColumn(column: string): boolean {
  return column.startsWith(SECRET_PREFIX);
}

/**
 * The one spelling of a stored secret: scrypt$<log2 N, 10-20>$8$1$<16-byte salt>$<32-byte key>,
 * base64url. [$] rather than \$, so the same text is a JavaScript, JSON Schema and PostgreSQL pattern.
 */
export const SECRET_HASH_FORMAT = '^scrypt[$](1[0-9]|20)[$]8[$]1[$][A-Za-z0-9_-]{22}[$][A-Za-z0-9_-]{43}$';

/** Every hash in SECRET_HASH_FORMAT is 80 characters long, and the $ that ends its 22-character salt is the 37th. */
const SECRET_HASH_LENGTH = 80;
const SECRET_HASH_SALT_END = 37;

/**
 * A SQL check that a secret column holds a hash in the app's format, never plain text. It says
 * what SECRET_HASH_FORMAT says, but PostgreSQL's regex engine expands {22} and {43} into large
 * automata: checking every row of a COPY that way halved the import's speed. With the length
 * and the salt's end fixed, `+` runs match the same strings.
 */
export function secretCheck(column: string): string {
  const loose = SECRET_HASH_FORMAT.replace('[A-Za-z0-9_-]{22}', '[A-Za-z0-9_-]+').replace('[A-Za-z0-9_-]{43}', '[A-Za-z0-9_-]+');
  // A change to the format must change the length and the salt's end with it (the evolution test compares both in PostgreSQL).
  if (loose.includes('{')) throw new Error(`secretCheck does not know the format ${SECRET_HASH_FORMAT}`);
  return `(length("${column}") = ${SECRET_HASH_LENGTH} AND substr("${column}", ${SECRET_HASH_SALT_END}, 1) = '$' AND "${column}" ~ '${loose}')`;
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
