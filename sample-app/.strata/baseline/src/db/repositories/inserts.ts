import { randomUUID } from 'node:crypto';
import { QueryTypes, type Model, type ModelStatic, type Transaction } from 'sequelize';
import { cached, hooked, plain, shapeOf } from './shapes.ts';

// Inserts of one row, as SQL built once per model and set of columns (see shapes.ts).

/** How one attribute is written by an insert. */
interface Writable {
  attribute: string;
  /** The model's default when the value is absent: a literal, a fresh UUID or the time. */
  defaultValue?: (now: Date) => unknown;
  /** NOT NULL with no default: a missing value is left to the ORM, so that the error is its own. */
  required: boolean;
  /** JSON columns take JSON text (node-postgres would write an array as a PostgreSQL array). */
  json: boolean;
}

/** Hooks the ORM runs around a create: a model with any is created by the ORM. */
const CREATE_HOOKS = [
  'beforeValidate',
  'afterValidate',
  'validationFailed',
  'beforeCreate',
  'afterCreate',
  'beforeSave',
  'afterSave',
];

const writables = new WeakMap<ModelStatic<Model>, Writable[] | null>();

/** A model default as create() computes it: literals, DataType.UUIDV4 and DataType.NOW; undefined for any other. */
function defaultOf(value: unknown): ((now: Date) => unknown) | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return () => value;
  const key = (value as { key?: string } | null)?.key;
  if (key === 'UUIDV4') return () => randomUUID();
  if (key === 'NOW') return (now) => now;
  return undefined;
}

/** The attributes an insert writes (worked out once), or undefined when only the ORM can create the model's rows. */
function writableOf(model: ModelStatic<Model>): Writable[] | undefined {
  let known = writables.get(model);
  if (known === undefined) {
    known = buildWritable(model) ?? null;
    writables.set(model, known);
  }
  return known ?? undefined;
}

function buildWritable(model: ModelStatic<Model>): Writable[] | undefined {
  if (Object.keys(model.options.validate ?? {}).length > 0) return undefined;
  const writable: Writable[] = [];
  for (const [attribute, definition] of Object.entries(model.getAttributes())) {
    const type = (definition.type as { key?: string }).key;
    if (definition.set || Object.keys(definition.validate ?? {}).length > 0) return undefined;
    const value = definition.defaultValue;
    const defaultValue = defaultOf(value);
    if (value !== undefined && value !== null && !defaultValue) return undefined;
    writable.push({
      attribute,
      defaultValue,
      required: definition.allowNull === false && value === undefined && !definition.autoIncrement,
      json: type === 'JSON' || type === 'JSONB',
    });
  }
  return writable;
}

/** Whether insertRow writes this model's rows itself (no create hooks, validators, setters or computed defaults). */
export function insertsDirectly(model: ModelStatic<Model>): boolean {
  return !hooked(model, CREATE_HOOKS) && shapeOf(model) !== null && writableOf(model) !== undefined;
}

/**
 * Inserts one row and returns it as plain values, as create() would store it
 * (defaults for absent values, the timestamps, key getters; hidden fields never
 * read back), or undefined when the ORM must create it: see insertsDirectly, and
 * an unknown key or a missing required value (so that the error is the ORM's).
 */
export async function insertRow<T>(
  model: ModelStatic<Model>,
  values: Record<string, unknown>,
  transaction?: Transaction,
): Promise<T | undefined> {
  const shape = insertsDirectly(model) ? shapeOf(model) : null;
  const writable = writableOf(model);
  if (!shape || !writable) return undefined;
  const now = new Date();
  const names: string[] = [];
  const bind: unknown[] = [];
  let given = 0;
  for (const w of writable) {
    let value = values[w.attribute];
    if (value !== undefined) given++;
    // As create() does: updatedAt is always the time of the write, createdAt unless one is given.
    if (w.attribute === shape.updatedAt || (w.attribute === shape.createdAt && !value)) value = now;
    if (value === undefined) value = w.defaultValue?.(now);
    if (value === undefined) {
      if (w.required) return undefined;
      continue;
    }
    names.push(w.attribute);
    bind.push(w.json && value !== null ? JSON.stringify(value) : value);
  }
  if (given !== Object.values(values).filter((v) => v !== undefined).length) return undefined;
  const sql = cached(shape, `insert ${names.join(',')}`, () => {
    const columns = names.map((n) => shape.columns.get(n)).join(', ');
    const params = names.map((_, i) => `$${i + 1}`).join(', ');
    return `INSERT INTO ${shape.table} (${columns}) VALUES (${params}) RETURNING ${shape.select}`;
  });
  const rows = await model.sequelize!.query<Record<string, unknown>>(sql, {
    bind,
    type: QueryTypes.SELECT,
    transaction,
  });
  return plain<T>(shape, rows[0]!);
}
