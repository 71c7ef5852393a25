import { type CreationAttributes, type InferAttributes, type WhereOptions } from 'sequelize';
import { Comment } from '../models/comment.ts';
import { insertRow, insertsDirectly } from './inserts.ts';
import { readById, readPage, whereOf, type PageRequest } from './reads.ts';
import { visibleValues } from './shapes.ts';
import { includesFor, link, listRelated, loadManyToMany, relationsOf, unlink, type RelationInfo } from './relations.ts';
import { NO_INCLUDE, type Include, type ListQuery, type Page, type RepoOptions } from './types.ts';

/** What may be written to one Comment. */
export interface CommentInput {
  body: string;
  postId: number;
  authorId?: number | null;
}

/** One Comment as plain values, as reads return it. */
export type CommentRow = InferAttributes<Comment>;

/** Equality filters a list may apply; the route whitelists them. */
export interface CommentFilters {
  postId?: number;
  authorId?: number | null;
}

/** Persistence of comments only: no business rules, nothing HTTP. */
export class CommentRepository {
  /** The relations of Comment: the whitelist for include. */
  relations(): RelationInfo[] {
    return relationsOf(Comment);
  }

  /** One row by primary key with relations loaded eagerly, or locked FOR UPDATE in the caller's transaction. */
  async getById(
    id: number,
    options: RepoOptions & { lock?: boolean; include?: Include } = {},
  ): Promise<Comment | null> {
    const include = options.include ?? NO_INCLUDE;
    const row = await Comment.findByPk(id, {
      transaction: options.transaction,
      lock: options.lock,
      include: includesFor(Comment, include),
    });
    if (row) await loadManyToMany(Comment, [row], include, options.transaction);
    return row;
  }

  /** One row as plain values with relations loaded eagerly; hidden fields are never read. */
  async read(id: number, include: Include = NO_INCLUDE, options: RepoOptions = {}): Promise<CommentRow | null> {
    if (include.names.length === 0) {
      const row = await readById<CommentRow>(Comment, id, options.transaction);
      if (row !== undefined) return row;
    }
    const row = await this.getById(id, { ...options, include });
    return row ? (row.get({ plain: true }) as CommentRow) : null;
  }

  /** One page of plain rows matching the filters with relations loaded eagerly (a fixed number of queries), and the total. */
  async list(query: ListQuery<CommentFilters>, options: RepoOptions = {}): Promise<Page<CommentRow>> {
    const include = query.include ?? NO_INCLUDE;
    const request: PageRequest = {
      filters: { ...query.filters },
      sort: query.sort,
      limit: query.limit,
      offset: query.offset,
    };
    if (include.names.length === 0) {
      const page = await readPage<CommentRow>(Comment, request, options.transaction);
      if (page) return page;
    }
    const where = whereOf(request) as WhereOptions<Comment>;
    const count = await Comment.count({ where, transaction: options.transaction });
    const rows: Comment[] = await Comment.findAll({
      where,
      limit: query.limit,
      offset: query.offset,
      order: query.sort,
      include: includesFor(Comment, include),
      transaction: options.transaction,
    });
    await loadManyToMany(Comment, rows, include, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true }) as CommentRow), count };
  }

  /** One page of a has-many relation of one row. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
    options: RepoOptions = {},
  ): Promise<Page<unknown>> {
    const { rows, count } = await listRelated(Comment, id, name, page, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true })), count };
  }

  /** Links a row to another through a many-to-many relation (idempotent). */
  async link(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<void> {
    await link(Comment, id, name, targetId, options.transaction);
  }

  /** Removes a many-to-many link; false when there was none. */
  async unlink(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<boolean> {
    return unlink(Comment, id, name, targetId, options.transaction);
  }

  /** Whether insert writes the row itself in one statement; otherwise the ORM's create runs the model's hooks with it. */
  insertsDirectly(): boolean {
    return insertsDirectly(Comment);
  }

  /** Inserts one row and returns it as plain values, as stored (defaults included, hidden fields never read back). */
  async insert(values: CommentInput, options: RepoOptions = {}): Promise<CommentRow> {
    const row = await insertRow<CommentRow>(Comment, { ...values }, options.transaction);
    return row ?? visibleValues<CommentRow>(Comment, await this.create(values, options));
  }

  /** Inserts one row and returns it as stored (defaults included). */
  async create(values: CommentInput, options: RepoOptions = {}): Promise<Comment> {
    return Comment.create(values as CreationAttributes<Comment>, { transaction: options.transaction });
  }

  /** Writes the given attributes of a row. */
  async update(row: Comment, values: Partial<CommentInput>, options: RepoOptions = {}): Promise<Comment> {
    return row.update(values as Partial<CreationAttributes<Comment>>, { transaction: options.transaction });
  }

  /** Deletes a row. */
  async delete(row: Comment, options: RepoOptions = {}): Promise<void> {
    await row.destroy({ transaction: options.transaction });
  }

  /** Inserts many rows in one statement. */
  async bulkCreate(values: CommentInput[], options: RepoOptions = {}): Promise<Comment[]> {
    return Comment.bulkCreate(values as CreationAttributes<Comment>[], { transaction: options.transaction });
  }
}
