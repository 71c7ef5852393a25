import { Op, type CreationAttributes, type WhereOptions } from 'sequelize';
import { Post } from '../models/post.ts';
import { likePattern, type ListQuery, type Page, type RepoOptions } from './types.ts';

/** What may be written to one Post. */
export interface PostInput {
  title: string;
  content: string;
  published?: boolean;
}

/** Equality filters a list may apply; the route whitelists them. */
export interface PostFilters {
  title?: string;
  published?: boolean;
}

/** Persistence of posts only: no business rules, nothing HTTP. */
export class PostRepository {
  /** One row by primary key, optionally locked FOR UPDATE in the caller's transaction. */
  async getById(id: number, options: RepoOptions & { lock?: boolean } = {}): Promise<Post | null> {
    return Post.findByPk(id, { transaction: options.transaction, lock: options.lock });
  }

  /** One page of rows matching the filters, and the total that matched. */
  async list(query: ListQuery<PostFilters>, options: RepoOptions = {}): Promise<Page<Post>> {
    const where: Record<string | symbol, unknown> = {};
    for (const [key, value] of Object.entries(query.filters)) {
      if (value !== undefined) where[key] = value;
    }
    if (query.search) {
      const pattern = likePattern(query.search);
      where[Op.or] = [{ title: { [Op.iLike]: pattern } }];
    }
    return Post.findAndCountAll({
      where: where as WhereOptions<Post>,
      limit: query.limit,
      offset: query.offset,
      order: query.sort,
      transaction: options.transaction,
    });
  }

  /** Inserts one row and returns it as stored (defaults included). */
  async create(values: PostInput, options: RepoOptions = {}): Promise<Post> {
    return Post.create(values as CreationAttributes<Post>, { transaction: options.transaction });
  }

  /** Writes the given attributes of a row. */
  async update(row: Post, values: Partial<PostInput>, options: RepoOptions = {}): Promise<Post> {
    return row.update(values as Partial<CreationAttributes<Post>>, { transaction: options.transaction });
  }

  /** Deletes a row. */
  async delete(row: Post, options: RepoOptions = {}): Promise<void> {
    await row.destroy({ transaction: options.transaction });
  }

  /** Inserts many rows in one statement. */
  async bulkCreate(values: PostInput[], options: RepoOptions = {}): Promise<Post[]> {
    return Post.bulkCreate(values as CreationAttributes<Post>[], { transaction: options.transaction });
  }
}
