import type { Sequelize } from 'sequelize-typescript';
import type { Comment } from '../db/models/comment.ts';
import {
  CommentRepository,
  type CommentFilters,
  type CommentInput,
  type CommentRow,
} from '../db/repositories/comment-repository.ts';
import type { RelationInfo } from '../db/repositories/relations.ts';
import type { Include, ListQuery } from '../db/repositories/types.ts';
import { NotFoundError, rethrowConflict } from '../errors.ts';

/** Comment as plain data (routes drop hidden fields when they serialize it). */
export type CommentData = CommentRow;

/** What a caller gives to create a Comment. */
export type CommentBody = CommentInput;

/** Business rules for comments. Every write of more than one statement runs in a transaction this service owns. */
export class CommentService {
  private readonly sequelize: Sequelize;
  private readonly repo = new CommentRepository();

  constructor(sequelize: Sequelize) {
    this.sequelize = sequelize;
  }

  /** Plain data of a row. */
  private data(row: Comment): CommentData {
    return row.get({ plain: true });
  }

  /** The relations a caller may include. */
  relations(): RelationInfo[] {
    return this.repo.relations();
  }

  /** One Comment with the given relations; NotFoundError when absent. */
  async get(id: number, include?: Include): Promise<CommentData> {
    const row = await this.repo.read(id, include);
    if (!row) throw new NotFoundError('Comment', id);
    return row;
  }

  /** A page of comments and the total that matched. */
  async list(query: ListQuery<CommentFilters>): Promise<{ items: CommentData[]; total: number }> {
    const { rows, count } = await this.repo.list(query);
    return { items: rows, total: count };
  }

  /** A page of a has-many relation; NotFoundError when the Comment is absent. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: unknown[]; total: number }> {
    if (!(await this.repo.read(id))) throw new NotFoundError('Comment', id);
    const { rows, count } = await this.repo.listRelated(id, name, page);
    return { items: rows, total: count };
  }

  /** Links a Comment to a related row (idempotent); NotFoundError when the Comment is absent. */
  async link(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.getById(id, { transaction }))) throw new NotFoundError('Comment', id);
      await this.repo.link(id, name, targetId, { transaction });
    });
  }

  /** Removes a link; NotFoundError when the Comment or the link is absent. */
  async unlink(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.unlink(id, name, targetId, { transaction })))
        throw new NotFoundError(`Comment ${id} link`, targetId);
    });
  }

  /**
   * Creates one Comment; ConflictError when a unique field is taken. One INSERT is atomic
   * on its own, so it runs without BEGIN and COMMIT (two round trips fewer). When the model has
   * hooks, the ORM's create runs them in a transaction with the INSERT. A rule that adds a
   * second write wraps both in this.sequelize.transaction (strata check's tx-multi-step-write
   * reports one that does not).
   */
  async create(values: CommentBody): Promise<CommentData> {
    const stored = values;
    const inserted = this.repo.insertsDirectly()
      ? this.repo.insert(stored)
      : this.sequelize.transaction((transaction) => this.repo.insert(stored, { transaction }));
    return inserted.catch(rethrowConflict('Comment'));
  }

  /** Changes one Comment, locked for the length of the transaction; NotFoundError or ConflictError. */
  async update(id: number, values: Partial<CommentBody>): Promise<CommentData> {
    const stored = values;
    return this.sequelize
      .transaction(async (transaction) => {
        const row = await this.repo.getById(id, { transaction, lock: true });
        if (!row) throw new NotFoundError('Comment', id);
        await this.repo.update(row, stored, { transaction });
        return this.data(row);
      })
      .catch(rethrowConflict('Comment'));
  }

  /** Deletes one Comment; NotFoundError when absent. */
  async remove(id: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const row = await this.repo.getById(id, { transaction, lock: true });
      if (!row) throw new NotFoundError('Comment', id);
      await this.repo.delete(row, { transaction });
    });
  }
}
