/** The type registry's records: Dates, times, uuids, JSON, enums, references and secrets. */
import { enumTypeName, SECRET_MAX_LENGTH, sqlString } from '../field-types.ts';
import type { Field, FieldType } from '../field-types.ts';
import { DEFAULT_KEYS, KEY_TYPES } from './keys.ts';
import { INT32, literal, noDefault, common, STRING_VALUED, type TypeRecord } from './record.ts';

/** The key a reference holds. */
const keyOf = (f: Field) => KEY_TYPES[f.references?.key ?? DEFAULT_KEYS];

/** Dates, times, uuids, JSON, enums, references and secrets. */
export const STRUCTURED: Record<Extract<FieldType, 'date' | 'datetime' | 'uuid' | 'json' | 'enum' | 'references' | 'password'>, TypeRecord> = {
  date: {
    ...common,
    bad: "'2024-13-45'",
    sql: () => 'date',
    sqlPattern: /^date$/,
    dataType: () => 'DataType.DATEONLY',
    dataTypeName: 'DATEONLY',
    tsType: () => 'string',
    tsInput: () => 'string',
    // The generated raw layer reads dates as text (src/db/driver.ts), as the ORM and the API do.
    rowType: 'string',
    rowInput: 'string',
    jsonKind: 'string',
    schema: () => "Type.String({ format: 'date' })",
    valueSchema: "Type.String({ format: 'date' })",
    paramSchema: "Type.String({ format: 'date' })",
    testValue: () => "'2024-02-29'",
    wireSample: '2024-02-29',
    parseDefault: (_f, text, reject) =>
      /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) && !Number.isNaN(Date.parse(text)) ? literal(text) : reject('is not a date; use YYYY-MM-DD'),
  },
  datetime: {
    ...common,
    bad: "'yesterday'",
    sql: () => 'timestamp with time zone',
    sqlPattern: /^timestamp with time zone$/,
    dataType: () => 'DataType.DATE',
    dataTypeName: 'DATE',
    tsType: () => 'Date',
    tsInput: () => 'Date | string',
    rowType: 'Date',
    rowInput: 'Date | string',
    jsonKind: 'string',
    schema: () => 'DateTime()',
    valueSchema: 'DateTime()',
    paramSchema: "Type.String({ format: 'date-time' })",
    testValue: () => "'2024-02-29T12:00:00.000Z'",
    wireSample: '2024-02-29T12:00:00.000Z',
    parseDefault: (_f, text, reject) => (text === 'now' ? { sql: 'now()', ts: 'DataType.NOW' } : reject('is not supported; use =now')),
  },
  uuid: {
    ...common,
    ...STRING_VALUED,
    sortable: false,
    bad: "'not-a-uuid'",
    sql: () => 'uuid',
    sqlPattern: /^uuid$/,
    dataType: () => 'DataType.UUID',
    dataTypeName: 'UUID',
    schema: () => "Type.String({ format: 'uuid' })",
    valueSchema: 'Type.String()',
    paramSchema: "Type.String({ format: 'uuid' })",
    testValue: () => 'randomUUID()',
    wireSample: '7f1c2d9e-0b6a-4c3e-9f5d-2a8b4c6d8e0f',
    parseDefault: (_f, text, reject) =>
      text === 'random' ? { sql: 'gen_random_uuid()', ts: 'DataType.UUIDV4' } : reject('is not supported; use =random for gen_random_uuid()'),
  },
  json: {
    ...common,
    sortable: false,
    sql: () => 'jsonb',
    sqlPattern: /^jsonb?$/,
    dataType: () => 'DataType.JSONB',
    dataTypeName: 'JSONB',
    tsType: () => 'unknown',
    tsInput: () => 'unknown',
    rowType: 'unknown',
    rowInput: 'unknown',
    jsonKind: 'json',
    schema: () => 'Type.Unknown()',
    valueSchema: 'Type.Unknown()',
    paramSchema: 'Type.Unknown()',
    testValue: () => "{ key: 'value' }",
    wireSample: '{}',
    parseDefault: (_f, text, reject) => {
      try {
        const json = JSON.stringify(JSON.parse(text));
        return { sql: `${sqlString(json)}::jsonb`, ts: json };
      } catch {
        return reject('is not valid JSON');
      }
    },
  },
  enum: {
    ...common,
    filterAlways: true,
    bad: "'bogus'",
    sql: (f, table) => `"${enumTypeName(table, f.column)}"`,
    sqlPattern: /^"enum_[a-z0-9_]+"$/,
    dataType: (f) => `DataType.ENUM(${(f.values ?? []).map((v) => `'${v}'`).join(', ')})`,
    dataTypeName: 'ENUM',
    tsType: (f) => (f.values ?? []).map((v) => `'${v}'`).join(' | '),
    tsInput: (f) => (f.values ?? []).map((v) => `'${v}'`).join(' | '),
    rowType: 'string',
    rowInput: 'string',
    jsonKind: 'string',
    schema: (f) => `StringEnum([${(f.values ?? []).map((v) => `'${v}'`).join(', ')}])`,
    valueSchema: 'Type.String()',
    paramSchema: 'Type.String({ maxLength: 1000 })',
    testValue: (f) => `'${f.values?.[0] ?? ''}'`,
    wireSample: 'x',
    parseDefault: (f, text, reject) => (f.values?.includes(text) ? literal(text) : reject(`is not one of ${f.values?.join(', ')}`)),
  },
  references: {
    ...common,
    bad: "'abc'",
    sql: (f) => keyOf(f).sql,
    sqlPattern: /^(integer|bigint)$/,
    dataType: (f) => keyOf(f).dataType,
    dataTypeName: 'INTEGER',
    tsType: () => 'number',
    tsInput: () => 'number',
    rowType: 'number',
    rowInput: 'number',
    jsonKind: 'integer',
    schema: (f) => `Type.Integer({ minimum: 1, maximum: ${keyOf(f).max} })`,
    valueSchema: 'Type.Integer()',
    paramSchema: `Type.Integer({ minimum: 1, maximum: ${INT32.max} })`,
    testValue: (f) => (f.optional ? 'null' : `(await create${f.references?.target}(app)).id`),
    wireSample: '1',
    parseDefault: noDefault('a reference takes no default'),
  },
  password: {
    ...common,
    ...STRING_VALUED,
    sortable: false,
    sql: () => 'varchar(255)',
    sqlPattern: /^varchar\(255\)$/,
    dataType: () => 'DataType.STRING(255)',
    dataTypeName: 'STRING',
    schema: (f) => `Type.String({ minLength: ${f.secret?.minLength ?? 8}, maxLength: ${SECRET_MAX_LENGTH} })`,
    valueSchema: 'Type.String()',
    paramSchema: 'Type.String({ maxLength: 1000 })',
    testValue: (f) => `'${'correct horse battery staple'.padEnd(f.secret?.minLength ?? 8, '!')}'`,
    wireSample: 'correct horse battery staple',
    parseDefault: noDefault('a password takes no default'),
  },
};
