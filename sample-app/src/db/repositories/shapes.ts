import { randomUUID } from 'node:crypto';
import { QueryTypes, type Model, type ModelStatic, type Transaction } from 'sequelize';
import type { Page } from './types.ts';

/*
 * Reads that load no relations, and inserts of one row, skip the ORM's per-call
 * work (building the query, cloning options, one instance per row): the SQL is
 * built once per model and query shape and runs through the Sequelize instance
 * (its pool, its transactions, its type parsers, its errors) with bind
 * parameters. The model stays the one source: its columns, the default scope's
 * hidden fields, soft delete, defaults, timestamps and getters. A model with
 * hooks, validators, setters or defaults only the ORM computes goes through the
 * ORM's own methods instead.
 */

/** An attribute with a getter on the model (int8 keys read as numbers). */
interface Getter {
  attribute: string;
  get: (this: unknown) => unknown;
}

/** How one attribute is written by an insert. */
interface Writable {
  attribute: string;
  column: string;
  /** The model's default when the value is absent: a literal, a fresh UUID or the time (any other makes the model ORM-only). */
  defaultValue?: (now: Date) => unknown;
  /** Whether the value must be absent-checked: NOT NULL with no default (the ORM's own error then). */
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
  getters: Getter[];
  /** The condition that leaves soft-deleted rows out, if the model soft-deletes. */
  live?: string;
  /** The attributes an insert writes, or undefined when inserts go through the ORM. */
  writable?: Writable[];
  /** The attributes an insert sets to the time of the insert (createdAt, updatedAt). */
  stamps: string[];
}

/** Hooks the ORM runs around a find, and around a create. */
const READ_HOOKS = [
  'beforeFind',
  'beforeFindAfterExpandIncludeAll',
  'beforeFindAfterOptions',
  'afterFind',
  'beforeCount',
] as const;
const CREATE_HOOKS = [
  'beforeValidate',
  'afterValidate',
  'validationFailed',
  'beforeCreate',
  'afterCreate',
  'beforeSave',
  'afterSave',
] as const;

/** Whether the model or the Sequelize instance has any of these hooks (checked on every call: hooks may come later). */
function hooked(model: ModelStatic<Model>, hooks: readonly string[]): boolean {
  return hooks.some((h) => model.hasHook(h as never) || model.sequelize!.hasHook(h as never));
}

const shapes = new WeakMap<ModelStatic<Model>, Shape | null>();
const queries = new Map<string, string>();
/** At most this many query shapes are kept: sort and filter combinations come from clients. */
const MAX_QUERIES = 1_000;

/** The attributes the default scope hides (hashed secrets). */
function hiddenOf(model: ModelStatic<Model>): string[] {
  const scope = model.options.defaultScope as { attributes?: { exclude?: unknown } } | undefined;
  const exclude = scope?.attributes?.exclude;
  return Array.isArray(exclude) ? (exclude as string[]) : [];
}

/** The model's shape, or null when its default scope does more than hide attributes (the finders apply it). */
function shapeOf(model: ModelStatic<Model>): Shape | null {
  let shape = shapes.get(model);
  if (shape !== undefined) return shape;
  const { attributes, ...rest } = (model.options.defaultScope ?? {}) as { attributes?: { exclude?: string[] } };
  const simple =
    Object.keys(rest).length === 0 &&
    (attributes === undefined || (Array.isArray(attributes.exclude) && Object.keys(attributes).length === 1));
  shape = simple ? buildShape(model, new Set(hiddenOf(model))) : null;
  shapes.set(model, shape);
  return shape;
}

function buildShape(model: ModelStatic<Model>, hidden: Set<string>): Shape {
  const qi = model.sequelize!.getQueryInterface();
  const columns = new Map<string, string>();
  const select: string[] = [];
  const getters: Getter[] = [];
  for (const [attribute, definition] of Object.entries(model.getAttributes())) {
    const column = qi.quoteIdentifier(definition.field ?? attribute);
    columns.set(attribute, column);
    if (hidden.has(attribute)) continue;
    select.push(`${column} AS ${qi.quoteIdentifier(attribute)}`);
    if (definition.get) getters.push({ attribute, get: definition.get as Getter['get'] });
  }
  const options = model.options;
  const stamps = options.timestamps
    ? [options.createdAt, options.updatedAt].flatMap((a, i) =>
        a === false ? [] : [typeof a === 'string' ? a : ['createdAt', 'updatedAt'][i]!],
      )
    : [];
  const deletedAt = typeof options.deletedAt === 'string' ? options.deletedAt : 'deletedAt';
  const live = model.options.paranoid ? `${columns.get(deletedAt)} IS NULL` : undefined;
  const name = model.getTableName();
  const table =
    typeof name === 'string'
      ? qi.quoteIdentifier(name)
      : `${qi.quoteIdentifier(name.schema)}.${qi.quoteIdentifier(name.tableName)}`;
  return { table, select: select.join(', '), columns, getters, live, writable: writableOf(model, columns), stamps };
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
function writableOf(model: ModelStatic<Model>, columns: Map<string, string>): Writable[] | undefined {
  if (Object.keys(model.options.validate ?? {}).length > 0) return undefined;
  const writable: Writable[] = [];
  for (const [attribute, definition] of Object.entries(model.getAttributes())) {
    const type = (definition.type as { key?: string }).key;
    if (type === 'VIRTUAL' || definition.set || Object.keys(definition.validate ?? {}).length > 0) return undefined;
    const value = definition.defaultValue;
    const defaultValue = defaultOf(value);
    if (value !== undefined && value !== null && !defaultValue) return undefined;
    writable.push({
      attribute,
      column: columns.get(attribute)!,
      defaultValue,
      required: definition.allowNull === false && value === undefined && !definition.autoIncrement,
      json: type === 'JSON' || type === 'JSONB',
    });
  }
  return writable;
}

/** Stands in for an instance while a model's getter reads a raw row (getters call getDataValue or get). */
class RawRow {
  constructor(private readonly values: Record<string, unknown>) {}

  getDataValue(attribute: string): unknown {
    return this.values[attribute];
  }

  get(attribute: string): unknown {
    return this.values[attribute];
  }
}

/** A raw row as the model reads it: each getter applied to the stored values (in place). */
function plain<T>(shape: Shape, row: Record<string, unknown>): T {
  const { getters } = shape;
  if (getters.length === 1) {
    row[getters[0]!.attribute] = getters[0]!.get.call(new RawRow(row));
  } else if (getters.length > 1) {
    const source = new RawRow({ ...row });
    for (const { attribute, get } of getters) row[attribute] = get.call(source);
  }
  return row as T;
}

/** The SQL of one query shape, built on first use. */
function cached(key: string, build: () => string): string {
  let sql = queries.get(key);
  if (sql === undefined) {
    sql = build();
    if (queries.size < MAX_QUERIES) queries.set(key, sql);
  }
  return sql;
}

/** The model's shape for a read, or null when the ORM must read it (a default scope beyond hidden fields, find hooks). */
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
  const sql = cached(`${model.name}:id`, () => {
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

/**
 * One page of plain rows and the total that matched, or undefined when the
 * model cannot be read this way. The total is counted only when the page does
 * not tell it: a page shorter than the limit ends the list.
 */
export async function readPage<T>(
  model: ModelStatic<Model>,
  request: PageRequest,
  transaction?: Transaction,
): Promise<Page<T> | undefined> {
  const shape = readShape(model);
  if (!shape) return undefined;
  const filters = Object.keys(request.filters).filter((k) => request.filters[k] !== undefined);
  const bind = filters.map((k) => request.filters[k]);
  const conditions = filters.map((k, i) => `${column(shape, k)} = $${i + 1}`);
  if (request.search) {
    bind.push(request.search.pattern);
    const n = bind.length;
    conditions.push(`(${request.search.attributes.map((a) => `${column(shape, a)} ILIKE $${n}`).join(' OR ')})`);
  }
  if (shape.live) conditions.push(shape.live);
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const order = request.sort.map(([a, direction]) => `${column(shape, a)} ${direction === 'DESC' ? 'DESC' : 'ASC'}`);
  const key = `${model.name}:${filters.join(',')}:${request.search?.attributes.join(',') ?? ''}`;
  const sql = cached(`${key}:${order.join(',')}`, () => {
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
      cached(`${key}:count`, () => `SELECT count(*) AS n FROM ${shape.table}${where}`),
      { bind, type: QueryTypes.SELECT, transaction },
    );
    count = Number(total[0]?.n ?? 0);
  }
  return { rows: rows.map((row) => plain<T>(shape, row)), count };
}

/**
 * Inserts one row and returns it as plain values, as create() would store it
 * (the model's defaults, the timestamps, its getters; hidden fields never read
 * back), or undefined when the model must be created through the ORM: hooks,
 * validators, setters, computed defaults, an unknown key or a missing required
 * value (so that its error is the ORM's own).
 */
export async function insertRow<T>(
  model: ModelStatic<Model>,
  values: Record<string, unknown>,
  transaction?: Transaction,
): Promise<T | undefined> {
  const shape = hooked(model, CREATE_HOOKS) ? null : shapeOf(model);
  if (!shape?.writable) return undefined;
  const now = new Date();
  const names: string[] = [];
  const bind: unknown[] = [];
  let known = 0;
  for (const w of shape.writable) {
    let value = values[w.attribute];
    if (value !== undefined) known++;
    if (shape.stamps.includes(w.attribute)) value ??= now;
    value ??= w.defaultValue?.(now);
    if (value === undefined) {
      if (w.required) return undefined;
      continue;
    }
    names.push(w.attribute);
    bind.push(w.json && value !== null ? JSON.stringify(value) : value);
  }
  if (known !== Object.values(values).filter((v) => v !== undefined).length) return undefined;
  const sql = cached(`${model.name}:insert:${names.join(',')}`, () => {
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
