import { Op, QueryTypes, type Model, type ModelStatic, type Transaction } from 'sequelize';
import { cached, column, hooked, plain, shapeOf, type Shape } from './shapes.ts';
import type { Page } from './types.ts';

// Reads without relations, as SQL built once per model and query shape (see shapes.ts).

/** Hooks the ORM runs around a find: a model with any is read by the ORM. */
const READ_HOOKS = [
  'beforeFind',
  'beforeFindAfterExpandIncludeAll',
  'beforeFindAfterOptions',
  'afterFind',
  'beforeCount',
];

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
