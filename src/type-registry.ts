import type { Field, FieldType } from './field-types.ts';
import type { TypeRecord } from './types/record.ts';
import { SCALARS } from './types/scalars.ts';
import { STRUCTURED } from './types/structured.ts';

export { INT32, type TypeRecord } from './types/record.ts';

/**
 * The type registry: one record per field type (src/types/), which every generator
 * and reader asks for SQL, DataType, TypeScript, schemas, test values and defaults.
 */
export const TYPES: Record<FieldType, TypeRecord> = { ...SCALARS, ...STRUCTURED };

/** Types a hand-written column may resolve to, in order of preference (the first match of its SQL type wins). */
const BY_SQL: FieldType[] = ['string', 'text', 'integer', 'bigint', 'float', 'decimal', 'boolean', 'date', 'datetime', 'uuid', 'json', 'enum'];

/** The record a column's SQL type belongs to (unknown types read as text). */
export function recordOfSql(sql: string): TypeRecord {
  return TYPES[BY_SQL.find((t) => TYPES[t].sqlPattern.test(sql)) ?? 'text'];
}

/** The SQL type of a DataType member that takes no arguments (DataType.TEXT → text); FLOAT and REAL as hand-written models use them. */
export const SQL_OF_DATA_TYPE: Record<string, string> = {
  ...Object.fromEntries(BY_SQL.filter((t) => !['string', 'decimal', 'enum'].includes(t)).map((t) => [TYPES[t].dataTypeName, TYPES[t].sql({} as Field, '')])),
  STRING: 'varchar(255)',
  FLOAT: 'double precision',
  REAL: 'real',
  JSON: 'json',
};
