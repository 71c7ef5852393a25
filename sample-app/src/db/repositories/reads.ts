import { QueryTypes, type Model, type ModelStatic, type Transaction } from 'sequelize';
import type { Page } from './types.ts';

/*
 * Reads that load no relations skip the ORM's per-call work (building the
 * query, cloning options, hooks, one instance per row): the SQL is built once
 * per model and query shape and runs through the Sequelize instance (its pool,
 * its transactions, its type parsers) with bind parameters. The model stays the
 * one source: its columns, the default scope's hidden fields, soft delete and
 * its getters. Anything else goes through the finders.
 */

/** An attribute with a getter on the model (int8 keys read as numbers). */
interface Getter {
  attribute: string;
  get: (this: unknown) => unknown;
}

/** What a model's reads need, worked out once from its metadata. */
interface Shape {
  table: string;
  /** The select list: every visible column, aliased to its attribute. */
  select: string;
  /** Each attribute's quoted column. */
  columns: Map<string, string>;
  getters: Getter[];
  /** The condition that leaves soft-deleted rows out, if the model soft-deletes. */
  live?: string;
}

const shapes = new WeakMap<ModelStatic<Model>, Shape | null>();
const queries = new Map<string, string>();
/** At most this many query shapes are kept: sort and filter combinations come from clients. */
const MAX_QUERIES = 1_000;

/** The model's shape, or null when its default scope does more than hide attributes (the finders apply it). */
function shapeOf(model: ModelStatic<Model>): Shape | null {
  let shape = shapes.get(model);
  if (shape !== undefined) return shape;
  const { attributes, ...rest } = (model.options.defaultScope ?? {}) as { attributes?: { exclude?: string[] } };
  const exclude = attributes?.exclude;
  const simple =
    Object.keys(rest).length === 0 &&
    (attributes === undefined || (Array.isArray(exclude) && Object.keys(attributes).length === 1));
  shape = simple ? buildShape(model, new Set(exclude ?? [])) : null;
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
  const deletedAt = typeof model.options.deletedAt === 'string' ? model.options.deletedAt : 'deletedAt';
  const live = model.options.paranoid ? `${columns.get(deletedAt)} IS NULL` : undefined;
  const name = model.getTableName();
  const table =
    typeof name === 'string'
      ? qi.quoteIdentifier(name)
      : `${qi.quoteIdentifier(name.schema)}.${qi.quoteIdentifier(name.tableName)}`;
  return { table, select: select.join(', '), columns, getters, live };
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

/** One row by primary key as plain values, or undefined when the model cannot be read this way. */
export async function readById<T>(
  model: ModelStatic<Model>,
  id: number,
  transaction?: Transaction,
): Promise<T | null | undefined> {
  const shape = shapeOf(model);
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
  const shape = shapeOf(model);
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

/** The quoted column of an attribute the route whitelisted; an unknown name is a bug, not input. */
function column(shape: Shape, attribute: string): string {
  const quoted = shape.columns.get(attribute);
  if (!quoted) throw new Error(`no attribute ${attribute}`);
  return quoted;
}
