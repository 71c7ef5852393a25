import { enumTypeName } from '../field-types.ts';
import { TYPES } from '../type-registry.ts';
import { foreignKeysOf, indexesOf, type ModelSpec } from '../schema.ts';
import type { Column, Table } from './types.ts';
import { KEY_TYPES, type KeyType } from '../types/keys.ts';

/** The timestamp columns every table has. */
export function timestampColumns(softDelete: boolean): Column[] {
  const ts = 'timestamp with time zone';
  return [
    { name: 'created_at', type: ts, nullable: false, default: 'now()' },
    { name: 'updated_at', type: ts, nullable: false, default: 'now()' },
    ...(softDelete ? [{ name: 'deleted_at', type: ts, nullable: true, default: null }] : []),
  ];
}

/** The id column every table has, of the project's key type. */
export function idColumn(keys: KeyType): Column {
  return { name: 'id', type: KEY_TYPES[keys].sql, nullable: false, default: null, primaryKey: true };
}

/** A model's table, worked out from the generator's spec. */
export function tableFromSpec(spec: ModelSpec): Table {
  const table = spec.names.tableName;
  return {
    name: table,
    columns: [
      idColumn(spec.keys),
      ...spec.fields.map((f) => ({
        name: f.column,
        type: TYPES[f.type].sql(f, table),
        nullable: f.optional,
        default: f.default?.sql ?? null,
      })),
      ...timestampColumns(spec.softDelete),
    ],
    indexes: indexesOf(spec),
    foreignKeys: foreignKeysOf(spec),
    enums: spec.fields.filter((f) => f.type === 'enum').map((f) => ({ name: enumTypeName(table, f.column), values: f.values ?? [] })),
  };
}
