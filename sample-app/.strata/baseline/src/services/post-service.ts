import type { Sequelize } from 'sequelize-typescript';
import type { Post } from '../db/models/post.ts';
import { PostRepository, type PostFilters, type PostInput, type PostRow } from '../db/repositories/post-repository.ts';
import type { RelationInfo } from '../db/repositories/relations.ts';
import type { Include, ListQuery } from '../db/repositories/types.ts';
import { NotFoundError, rethrowConflict } from '../errors.ts';

/** Post as plain data (routes drop hidden fields when they serialize it). */
export type PostData = PostRow;

/** What a caller gives to create a Post. */
export type PostBody = PostInput;

/** Business rules for posts. Every write of more than one statement runs in a transaction this service owns. */
export class PostService {
  private readonly sequelize: Sequelize;
  private readonly repo = new PostRepository();

  constructor(sequelize: Sequelize) {
    this.sequelize = sequelize;
  }

  /** Plain data of a row. */
  private data(row: Post): PostData {
    return row.get({ plain: true });
  }

  /** The relations a caller may include. */
  relations(): RelationInfo[] {
    return this.repo.relations();
  }

  /** One Post with the given relations; NotFoundError when absent. */
  async get(id: number, include?: Include): Promise<PostData> {
    const row = await this.repo.read(id, include);
    if (!row) throw new NotFoundError('Post', id);
    return row;
  }

  /** A page of posts and the total that matched. */
  async list(query: ListQuery<PostFilters>): Promise<{ items: PostData[]; total: number }> {
    const { rows, count } = await this.repo.list(query);
    return { items: rows, total: count };
  }

  /** A page of a has-many relation; NotFoundError when the Post is absent. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: unknown[]; total: number }> {
    if (!(await this.repo.read(id))) throw new NotFoundError('Post', id);
    const { rows, count } = await this.repo.listRelated(id, name, page);
    return { items: rows, total: count };
  }

  /** Links a Post to a related row (idempotent); NotFoundError when the Post is absent. */
  async link(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.getById(id, { transaction }))) throw new NotFoundError('Post', id);
      await this.repo.link(id, name, targetId, { transaction });
    });
  }

  /** Removes a link; NotFoundError when the Post or the link is absent. */
  async unlink(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.unlink(id, name, targetId, { transaction })))
        throw new NotFoundError(`Post ${id} link`, targetId);
    });
  }

  /**
   * Creates one Post; ConflictError when a unique field is taken. One INSERT is atomic
   * on its own, so it runs without BEGIN and COMMIT (two round trips fewer). When the model has
   * hooks, the ORM's create runs them in a transaction with the INSERT. A rule that adds a
   * second write wraps both in this.sequelize.transaction (strata check's tx-multi-step-write
   * reports one that does not).
   */
  async create(values: PostBody): Promise<PostData> {
    const stored = values;
    const inserted = this.repo.insertsDirectly()
      ? this.repo.insert(stored)
      : this.sequelize.transaction((transaction) => this.repo.insert(stored, { transaction }));
    return inserted.catch(rethrowConflict('Post'));
  }

  /** Changes one Post, locked for the length of the transaction; NotFoundError or ConflictError. */
  async update(id: number, values: Partial<PostBody>): Promise<PostData> {
    const stored = values;
    return this.sequelize
      .transaction(async (transaction) => {
        const row = await this.repo.getById(id, { transaction, lock: true });
        if (!row) throw new NotFoundError('Post', id);
        await this.repo.update(row, stored, { transaction });
        return this.data(row);
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
