import type { InferAttributes } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import type { Post } from '../db/models/post.ts';
import { PostRepository, type PostFilters, type PostInput } from '../db/repositories/post-repository.ts';
import type { ListQuery } from '../db/repositories/types.ts';
import { NotFoundError, rethrowConflict } from '../errors.ts';

/** Post as plain data (routes drop hidden fields when they serialize it). */
export type PostData = InferAttributes<Post>;

/** Business rules for posts. Every write runs in a transaction this service owns. */
export class PostService {
  private readonly sequelize: Sequelize;
  private readonly repo = new PostRepository();

  constructor(sequelize: Sequelize) {
    this.sequelize = sequelize;
  }

  /** One Post; NotFoundError when absent. */
  async get(id: number): Promise<PostData> {
    const row = await this.repo.getById(id);
    if (!row) throw new NotFoundError('Post', id);
    return row.get({ plain: true });
  }

  /** A page of posts and the total that matched. */
  async list(query: ListQuery<PostFilters>): Promise<{ items: PostData[]; total: number }> {
    const { rows, count } = await this.repo.list(query);
    return { items: rows.map((row) => row.get({ plain: true })), total: count };
  }

  /** Creates one Post; ConflictError when a unique field is taken. */
  async create(values: PostInput): Promise<PostData> {
    return this.sequelize
      .transaction(async (transaction) => {
        const row = await this.repo.create(values, { transaction });
        return row.get({ plain: true });
      })
      .catch(rethrowConflict('Post'));
  }

  /** Changes one Post, locked for the length of the transaction; NotFoundError or ConflictError. */
  async update(id: number, values: Partial<PostInput>): Promise<PostData> {
    return this.sequelize
      .transaction(async (transaction) => {
        const row = await this.repo.getById(id, { transaction, lock: true });
        if (!row) throw new NotFoundError('Post', id);
        await this.repo.update(row, values, { transaction });
        return row.get({ plain: true });
      })
      .catch(rethrowConflict('Post'));
  }

  /** Deletes one Post; NotFoundError when absent. */
  async remove(id: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const row = await this.repo.getById(id, { transaction, lock: true });
      if (!row) throw new NotFoundError('Post', id);
      await this.repo.delete(row, { transaction });
    });
  }
}
