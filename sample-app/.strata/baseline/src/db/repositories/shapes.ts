import type { Model, ModelStatic } from 'sequelize';

/*
 * What the direct reads (reads.ts) and inserts (inserts.ts) know of a model.
 * Reads that load no relations, and inserts of one row, skip the ORM's per-call
 * work (building the query, cloning options, one instance per row): the SQL is
 * built once per model and query shape and runs through the Sequelize instance
 * (its pool, its transactions, its type parsers, its errors) with bind
 * parameters. The model stays the one source: its columns, the default scope's
 * hidden fields, soft delete, defaults, timestamps and key getters. A model with
 * anything only the ORM can apply (hooks, validators, setters, virtual fields,
 * getters of its own, computed defaults, a richer default scope) is read and
 * created by the ORM's own methods instead.
 */

/** What a model's reads and inserts need, worked out once from its metadata. */
export interface Shape {
  table: string;
  /** The select list: every visible column, aliased to its attribute. */
  select: string;
  /** Each attribute's quoted column. */
  columns: Map<string, string>;
  /** The attributes whose getter converts the stored value (int8 keys). */
  getters: Array<{ attribute: string; get: (this: unknown) => unknown }>;
  /** The condition that leaves soft-deleted rows out, if the model soft-deletes. */
  live?: string;
  createdAt?: string;
  updatedAt?: string;
  /** SQL already built for this model, by query shape (a few at most; the oldest go first). */
  queries: Map<string, string>;
}

/** At most this many query shapes per model are kept: sort and filter combinations come from clients. */
const MAX_QUERIES = 100;

/** Whether the model or the Sequelize instance has any of these hooks (checked on every call: hooks may come later). */
export function hooked(model: ModelStatic<Model>, hooks: string[]): boolean {
  return hooks.some((h) => model.hasHook(h as never) || model.sequelize!.hasHook(h as never));
}

const shapes = new WeakMap<ModelStatic<Model>, Shape | null>();

/** The attributes the default scope hides (hashed secrets). */
export function hiddenOf(model: ModelStatic<Model>): string[] {
  const scope = model.options.defaultScope as { attributes?: { exclude?: unknown } } | undefined;
  const exclude = scope?.attributes?.exclude;
  return Array.isArray(exclude) ? (exclude as string[]) : [];
}

/** The model's shape, or null when only the ORM can read it: a default scope beyond hidden fields, virtual fields, getters of its own. */
export function shapeOf(model: ModelStatic<Model>): Shape | null {
  let shape = shapes.get(model);
  if (shape === undefined) {
    const { attributes, ...rest } = (model.options.defaultScope ?? {}) as { attributes?: { exclude?: unknown } };
    const simple =
      Object.keys(rest).length === 0 &&
      (attributes === undefined || (Array.isArray(attributes.exclude) && Object.keys(attributes).length === 1));
    shape = simple ? buildShape(model, new Set(hiddenOf(model))) : null;
    shapes.set(model, shape);
  }
  return shape;
}

function buildShape(model: ModelStatic<Model>, hidden: Set<string>): Shape | null {
  const qi = model.sequelize!.getQueryInterface();
  const columns = new Map<string, string>();
  const select: string[] = [];
  const getters: Shape['getters'] = [];
  for (const [attribute, definition] of Object.entries(model.getAttributes())) {
    if ((definition.type as { key?: string }).key === 'VIRTUAL') return null;
    // src/db/keys.ts marks the getters that only convert their own stored value; any other needs an instance.
    if (definition.get && (definition.get as { readsOwnValue?: boolean }).readsOwnValue !== true) return null;
    const column = qi.quoteIdentifier(definition.field ?? attribute);
    columns.set(attribute, column);
    if (hidden.has(attribute)) continue;
    select.push(`${column} AS ${qi.quoteIdentifier(attribute)}`);
    if (definition.get) getters.push({ attribute, get: definition.get as (this: unknown) => unknown });
  }
  const { timestamps, paranoid, createdAt, updatedAt, deletedAt } = model.options;
  const stamp = (option: string | boolean | undefined, name: string) =>
    timestamps && option !== false ? (typeof option === 'string' ? option : name) : undefined;
  // The ORM soft-deletes only a model with timestamps.
  const deleted = paranoid ? stamp(deletedAt, 'deletedAt') : undefined;
  const name = model.getTableName();
  return {
    table:
      typeof name === 'string'
        ? qi.quoteIdentifier(name)
        : `${qi.quoteIdentifier(name.schema)}.${qi.quoteIdentifier(name.tableName)}`,
    select: select.join(', '),
    columns,
    getters,
    live: deleted ? `${columns.get(deleted)} IS NULL` : undefined,
    createdAt: stamp(createdAt, 'createdAt'),
    updatedAt: stamp(updatedAt, 'updatedAt'),
    queries: new Map(),
  };
}

/** Stands in for an instance while a key getter reads a raw row. */
class RawRow {
  constructor(private readonly values: Record<string, unknown>) {}

  getDataValue(attribute: string): unknown {
    return this.values[attribute];
  }
}

/** A raw row as the model reads it: each key getter applied to its stored value (in place). */
export function plain<T>(shape: Shape, row: Record<string, unknown>): T {
  const { getters } = shape;
  if (getters.length === 0) return row as T;
  // Key getters read only their own value, but with several, each must see the stored values, not converted ones.
  const source = new RawRow(getters.length > 1 ? { ...row } : row);
  for (const { attribute, get } of getters) row[attribute] = get.call(source);
  return row as T;
}

/** The SQL of one query shape of a model, built on first use. */
export function cached(shape: Shape, key: string, build: () => string): string {
  let sql = shape.queries.get(key);
  if (sql === undefined) {
    sql = build();
    if (shape.queries.size >= MAX_QUERIES) shape.queries.delete(shape.queries.keys().next().value!);
    shape.queries.set(key, sql);
  }
  return sql;
}

/** An instance as plain values without the default scope's hidden fields (a row the ORM created). */
export function visibleValues<T>(model: ModelStatic<Model>, row: Model): T {
  const values = row.get({ plain: true }) as Record<string, unknown>;
  for (const attribute of hiddenOf(model)) delete values[attribute];
  return values as T;
}

/** The quoted column of an attribute the route whitelisted; an unknown name is a bug, not input. */
export function column(shape: Shape, attribute: string): string {
  const quoted = shape.columns.get(attribute);
  if (!quoted) throw new Error(`no attribute ${attribute}`);
  return quoted;
}
