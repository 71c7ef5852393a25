import type { KeyType } from './types/keys.ts';
import { createHash } from 'node:crypto';
import type { Field } from './field-types.ts';
import type { ForeignKey, Index } from './snapshot/types.ts';
import { names, type Names } from './names.ts';

/** What a model is, as far as its table is concerned. */
export interface ModelSpec {
  names: Names;
  fields: Field[];
  /** Composite indexes, as lists of fields, each with an optional given name. */
  indexes: CompositeIndex[];
  softDelete: boolean;
  /** The project's key type: the id column's, and every reference's */
  keys: KeyType;
}

/** A declared composite index (`--index a,b` or `--index name=a,b`). */
export interface CompositeIndex {
  fields: Field[];
  unique?: boolean;
  name?: string;
}

/** A string field named email (or *_email): its unique key ignores case, as mail systems do. */
export function isEmailField(f: Field): boolean {
  return f.type === 'string' && /(^|_)email$/.test(f.column);
}

/** Quotes an identifier for PostgreSQL, always, so reserved words (user, order) work. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A PostgreSQL identifier of at most 63 bytes: long names are cut and given a hash suffix. */
export function pgName(name: string): string {
  if (name.length <= 63) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 54)}_${hash}`;
}

/** The foreign keys of a model, one per references field. */
export function foreignKeysOf(spec: ModelSpec): ForeignKey[] {
  return spec.fields.flatMap((f) =>
    f.references
      ? [
          {
            name: pgName(`fk_${spec.names.tableName}_${f.column}`),
            column: f.column,
            table: names(f.references.target).tableName,
            onDelete: f.references.onDelete,
          },
        ]
      : [],
  );
}

/** Every index of a model: unique fields, indexed fields, then composite indexes. */
export function indexesOf(spec: ModelSpec): Index[] {
  const table = spec.names.tableName;
  const where = spec.softDelete ? 'deleted_at IS NULL' : undefined;
  const out: Index[] = [];
  for (const f of spec.fields) {
    if (f.unique) {
      out.push({
        name: pgName(`uq_${table}_${f.column}`),
        columns: [f.column],
        unique: true,
        ...(where ? { where } : {}),
        ...(isEmailField(f) ? { lower: true } : {}),
      });
    }
    if (f.index) out.push({ name: pgName(`idx_${table}_${f.column}`), columns: [f.column], unique: false });
  }
  for (const index of spec.indexes) {
    const columns = index.fields.map((f) => f.column);
    const prefix = index.unique ? 'uq' : 'idx';
    out.push({ name: index.name ?? pgName(`${prefix}_${table}_${columns.join('_')}`), columns, unique: index.unique ?? false });
  }
  return out;
}
