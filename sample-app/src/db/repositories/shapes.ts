import { randomUUID } from 'node:crypto';
import { Op, QueryTypes, type Model, type ModelStatic, type Transaction } from 'sequelize';
import type { Page } from './types.ts';

/*
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

/** What a model's reads and inserts need, worked out once from its metadata. */
interface Shape {
  table: string;
  /** The select list: every visible column, aliased to its attribute. */
  select: string;
  /** Each attribute's quoted column. */
  columns: Map<string, string>;
  /** The attributes whose getter converts the stored value (int8 keys). */
  getters: Array<{ attribute: string; get: (this: unknown) => unknown }>;
  /** The condition that leaves soft-deleted rows out, if the model soft-deletes. */
  live?: string;
  /** The attributes an insert writes, or undefined when inserts go through the ORM. */
  writable?: Writable[];
  createdAt?: string;
  updatedAt?: string;
  /** SQL already built for this model, by query shape (a few at most; the oldest go first). */
  queries: Map<string, string>;
}

/** At most this many query shapes per model are kept: sort and filter combinations come from clients. */
const MAX_QUERIES = 100;

/** Hooks the ORM runs around a find, and around a create. */
const READ_HOOKS = [
  'beforeFind',
  'beforeFindAfterExpandIncludeAll',
  'beforeFindAfterOptions',
  'afterFind',
  'beforeCount',
];
const CREATE_HOOKS = [
  'beforeValidate',
  'afterValidate',
  'validationFailed',
  'beforeCreate',
  'afterCreate',
  'beforeSave',
  'afterSave',
];

/** Whether the model or the Sequelize instance has any of these hooks (checked on every call: hooks may come later). */
function hooked(model: ModelStatic<Model>, hooks: string[]): boolean {
  return hooks.some((h) => model.hasHook(h as never) || model.sequelize!.hasHook(h as never));
}

const shapes = new WeakMap<ModelStatic<Model>, Shape | null>();

/** The attributes the default scope hides (hashed secrets). */
function hiddenOf(model: ModelStatic<Model>): string[] {
  const scope = model.options.defaultScope as { attributes?: { exclude?: unknown } } | undefined;
  const exclude = scope?.attributes?.exclude;
  return Array.isArray(exclude) ? (exclude as string[]) : [];
}

/** The model's shape, or null when only the ORM can read it: a default scope beyond hidden fields, virtual fields, getters of its own. */
function shapeOf(model: ModelStatic<Model>): Shape | null {
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
    writable: writableOf(model),
    createdAt: stamp(createdAt, 'createdAt'),
    updatedAt: stamp(updatedAt, 'updatedAt'),
    queries: new Map(),
  };
}

/** A model default as create() computes it: literals, DataType.UUIDV4 and DataType.NOW; undefined for any other. */
function defaultOf(value: unknown): ((now: Date) => unknown) | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return () => value;
  const key = (value as { key?: string } | null)?.key;
  if (key === 'UUIDV4') return () => randomUUID();
  if (key === 'NOW') return (now) => now;
  return undefined;
}

/** The attributes an insert writes, or undefined when only the ORM can create the model's rows. */
function writableOf(model: ModelStatic<Model>): Writable[] | undefined {
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

/** Stands in for an instance while a key getter reads a raw row. */
class RawRow {
  constructor(private readonly values: Record<string, unknown>) {}

  getDataValue(attribute: string): unknown {
    return this.values[attribute];
  }
}

/** A raw row as the model reads it: each key getter applied to its stored value (in place). */
function plain<T>(shape: Shape, row: Record<string, unknown>): T {
  const { getters } = shape;
  if (getters.length === 0) return row as T;
  // Key getters read only their own value, but with several, each must see the stored values, not converted ones.
  const source = new RawRow(getters.length > 1 ? { ...row } : row);
  for (const { attribute, get } of getters) row[attribute] = get.call(source);
  return row as T;
}

/** The SQL of one query shape of a model, built on first use. */
function cached(shape: Shape, key: string, build: () => string): string {
  let sql = shape.queries.get(key);
  if (sql === undefined) {
    sql = build();
    if (shape.queries.size >= MAX_QUERIES) shape.queries.delete(shape.queries.keys().next().value!);
    shape.queries.set(key, sql);
  }
  return sql;
}

/** The model's shape for a read, or null when the ORM must read it (find hooks included). */
function readShape(model: ModelStatic<Model>): Shape | null {
  return hooked(model, READ_HOOKS) ? null : shapeOf(model);
}

/** One row by primary key as plain values, or undefined when the model cannot be read this way. */
export async function readById<T>(
  model: ModelStatic<Model>,
  id: number,
  transaction?: Transaction,
): Promise<T | null | undefined> {
  const shape = readShape(model);
  if (!shape) return undefined;
  const sql = cached(shape, 'id', () => {
    const where = [`${shape.columns.get(model.primaryKeyAttribute)} = $1`, ...(shape.live ? [shape.live] : [])];
    return `SELECT ${shape.select} FROM ${shape.table} WHERE ${where.join(' AND ')}`;
  });
  const rows = await model.sequelize!.query<Record<string, unknown>>(sql, {
    bind: [id],
    type: QueryTypes.SELECT,
    transaction,
  });
  return rows[0] ? plain<T>(shape, rows[0]) : null;
}

/** A page request already validated by the route: equality filters, a search over some columns, whitelisted sort keys. */
export interface PageRequest {
  filters: Record<string, unknown>;
  search?: { pattern: string; attributes: string[] };
  sort: Array<[string, 'ASC' | 'DESC']>;
  limit: number;
  offset: number;
}

/** The same filters and search as a where for the ORM's finders (a page with relations). */
export function whereOf(request: PageRequest): Record<string | symbol, unknown> {
  const where: Record<string | symbol, unknown> = {};
  for (const [attribute, value] of Object.entries(request.filters)) {
    if (value !== undefined) where[attribute] = value;
  }
  if (request.search) {
    const pattern = request.search.pattern;
    where[Op.or] = request.search.attributes.map((attribute) => ({ [attribute]: { [Op.iLike]: pattern } }));
  }
  return where;
}

/**
 * One page of plain rows and the total that matched, or undefined when the
 * model cannot be read this way (or a filter is not a single value). The total
 * is counted only when the page does not tell it: a page shorter than the
 * limit ends the list.
 */
export async function readPage<T>(
  model: ModelStatic<Model>,
  request: PageRequest,
  transaction?: Transaction,
): Promise<Page<T> | undefined> {
  const shape = readShape(model);
  if (!shape) return undefined;
  const filters = Object.keys(request.filters).filter((k) => request.filters[k] !== undefined);
  const bind: unknown[] = [];
  const conditions: string[] = [];
  for (const attribute of filters) {
    const value = request.filters[attribute];
    // As the ORM reads { attribute: null }; an array or an object means more than equality: the ORM's job.
    if (value === null) conditions.push(`${column(shape, attribute)} IS NULL`);
    else if (typeof value === 'object') return undefined;
    else conditions.push(`${column(shape, attribute)} = $${bind.push(value)}`);
  }
  if (request.search) {
    const n = bind.push(request.search.pattern);
    conditions.push(`(${request.search.attributes.map((a) => `${column(shape, a)} ILIKE $${n}`).join(' OR ')})`);
  }
  if (shape.live) conditions.push(shape.live);
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const order = request.sort.map(([a, direction]) => `${column(shape, a)} ${direction === 'DESC' ? 'DESC' : 'ASC'}`);
  const sql = cached(shape, `page ${where} ${order.join(',')}`, () => {
    const orderBy = order.length > 0 ? ` ORDER BY ${order.join(', ')}` : '';
    return `SELECT ${shape.select} FROM ${shape.table}${where}${orderBy} LIMIT $${bind.length + 1} OFFSET $${bind.length + 2}`;
  });
  const rows = await model.sequelize!.query<Record<string, unknown>>(sql, {
    bind: [...bind, request.limit, request.offset],
    type: QueryTypes.SELECT,
    transaction,
  });
  let count = request.offset + rows.length;
  if (rows.length === request.limit || (rows.length === 0 && request.offset > 0)) {
    const total = await model.sequelize!.query<{ n: string }>(
      cached(shape, `count ${where}`, () => `SELECT count(*) AS n FROM ${shape.table}${where}`),
      { bind, type: QueryTypes.SELECT, transaction },
    );
    count = Number(total[0]?.n ?? 0);
  }
  return { rows: rows.map((row) => plain<T>(shape, row)), count };
}

/** Whether insertRow writes this model's rows itself (no create hooks, validators, setters or computed defaults). */
export function insertsDirectly(model: ModelStatic<Model>): boolean {
  return !hooked(model, CREATE_HOOKS) && shapeOf(model)?.writable !== undefined;
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
  const shape = insertsDirectly(model) ? shapeOf(model)! : undefined;
  if (!shape?.writable) return undefined;
  const now = new Date();
  const names: string[] = [];
  const bind: unknown[] = [];
  let given = 0;
  for (const w of shape.writable) {
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

/** An instance as plain values without the default scope's hidden fields (a row the ORM created). */
export function visibleValues<T>(model: ModelStatic<Model>, row: Model): T {
  const values = row.get({ plain: true }) as Record<string, unknown>;
  for (const attribute of hiddenOf(model)) delete values[attribute];
  return values as T;
}

/** The quoted column of an attribute the route whitelisted; an unknown name is a bug, not input. */
function column(shape: Shape, attribute: string): string {
  const quoted = shape.columns.get(attribute);
  if (!quoted) throw new Error(`no attribute ${attribute}`);
  return quoted;
}
