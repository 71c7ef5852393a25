import { Op, type CreationAttributes, type WhereOptions } from 'sequelize';
import { Comment } from '../models/comment.ts';
import { likePattern, type ListQuery, type Page, type RepoOptions } from './types.ts';

/** What may be written to one Comment. */
export interface CommentInput {
  body: string;
}

/** Equality filters a list may apply; the route whitelists them. */
export interface CommentFilters {}

/** Persistence of comments only: no business rules, nothing HTTP. */
export class CommentRepository {
  /** One row by primary key, optionally locked FOR UPDATE in the caller's transaction. */
  async getById(id: number, options: RepoOptions & { lock?: boolean } = {}): Promise<Comment | null> {
    return Comment.findByPk(id, { transaction: options.transaction, lock: options.lock });
  }

  /** One page of rows matching the filters, and the total that matched. */
  async list(query: ListQuery<CommentFilters>, options: RepoOptions = {}): Promise<Page<Comment>> {
    const where: Record<string | symbol, unknown> = {};
    for (const [key, value] of Object.entries(query.filters)) {
      if (value !== undefined) where[key] = value;
    }
    void Op;
    return Comment.findAndCountAll({
      where: where as WhereOptions<Comment>,
      limit: query.limit,
      offset: query.offset,
      order: query.sort,
      transaction: options.transaction,
    });
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
